package org.computeworker.worker.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;

/**
 * Typed reads of nova.conf options with oslo.config's value syntax (booleans as true/yes/on/1,
 * comma-separated lists), every error naming the file, section and option.
 */
public final class OptionReader {
    private final OsloConfigFile file;

    public OptionReader(OsloConfigFile file) {
        this.file = file;
    }

    public OsloConfigFile file() {
        return file;
    }

    public Optional<String> optional(String section, String option) {
        return file.get(section, option).map(String::strip).filter(v -> !v.isEmpty());
    }

    public String string(String section, String option, String fallback) {
        return optional(section, option).orElse(fallback);
    }

    public String required(String section, String option) {
        return optional(section, option).orElseThrow(() -> new ConfigException(
                where(section, option) + " is required but not set"));
    }

    public boolean bool(String section, String option, boolean fallback) {
        Optional<String> v = optional(section, option);
        if (v.isEmpty()) {
            return fallback;
        }
        switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                throw invalid(section, option, v.get(), "a boolean (true/false)");
        }
    }

    public int integer(String section, String option, int fallback, int min, int max) {
        Optional<String> v = optional(section, option);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.get());
            if (i < min || i > max) {
                throw invalid(section, option, v.get(), "an integer between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw invalid(section, option, v.get(), "an integer");
        }
    }

    public double decimal(String section, String option, double fallback, double min, double max) {
        Optional<String> v = optional(section, option);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.get());
            if (d < min || d > max || Double.isNaN(d)) {
                throw invalid(section, option, v.get(), "a number between " + min + " and " + max);
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid(section, option, v.get(), "a number");
        }
    }

    /** A number where nova allows "unset" (None), e.g. the allocation ratios. */
    public Double optionalDecimal(String section, String option, double min, double max) {
        return optional(section, option).isEmpty() ? null : decimal(section, option, 0, min, max);
    }

    public String choice(String section, String option, String fallback, String... allowed) {
        String v = string(section, option, fallback);
        if (!Arrays.asList(allowed).contains(v)) {
            throw invalid(section, option, v, "one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** oslo ListOpt: comma-separated, blanks dropped. */
    public List<String> list(String section, String option, List<String> fallback) {
        Optional<String> v = optional(section, option);
        if (v.isEmpty()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (String item : v.get().split("[,\n]")) {
            if (!item.isBlank()) {
                out.add(item.strip());
            }
        }
        return List.copyOf(out);
    }

    /** oslo MultiStrOpt: every occurrence of the option, each of which may itself be a list. */
    public List<String> multi(String section, String option, List<String> fallback) {
        List<String> all = file.getAll(section, option);
        if (all.isEmpty()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (String v : all) {
            for (String item : v.split("[,\n]")) {
                if (!item.isBlank()) {
                    out.add(item.strip());
                }
            }
        }
        return List.copyOf(out);
    }

    public ConfigException invalid(String section, String option, String value, String expected) {
        return new ConfigException(where(section, option) + " = '" + value + "' is invalid: expected " + expected);
    }

    public String where(String section, String option) {
        return "[" + section + "] " + option + " (in " + file.source() + ")";
    }
}
