package org.computeworker.imageserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options in {@code --name value}, {@code --name=value} and bare {@code --flag}
 * form, checked against what a command accepts so a typo is an error, not a silent default.
 */
final class CliArgs {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private CliArgs() {
    }

    /**
     * @param valued options that take a value (may repeat)
     * @param flags  options that take none
     */
    static CliArgs parse(List<String> args, Set<String> valued, Set<String> flags) {
        CliArgs parsed = new CliArgs();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
                value = "true";
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parsed;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        List<String> v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v.size() > 1) {
            throw new IllegalArgumentException("--" + name + " given more than once");
        }
        return v.get(0);
    }

    String required(String name) {
        String v = get(name, null);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    int integer(String name, int fallback, int min, int max) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max
                        + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    /** Repeated {@code key=value} pairs, in the order given; a repeated key is an error. */
    Map<String, String> pairs(String name) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String item : values.getOrDefault(name, List.of())) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--" + name + " wants key=value, got '" + item + "'");
            }
            String key = item.substring(0, eq).trim();
            if (pairs.put(key, item.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("--" + name + " " + key + " given more than once");
            }
        }
        return pairs;
    }
}
