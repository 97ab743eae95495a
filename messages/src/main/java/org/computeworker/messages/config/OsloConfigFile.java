package org.computeworker.messages.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A nova.conf read the way oslo.config reads it (oslo_config/iniparser.py): {@code key = value}
 * or {@code key: value}, whole-line {@code #}/{@code ;} comments only (a {@code #} inside a value
 * is part of it, as in a password), indented continuation lines joined with newlines, one pair of
 * matching quotes stripped, a repeated key keeping every value, and {@code $option} /
 * {@code ${group.option}} substitution. A library INI parser would differ on inline comments.
 */
public final class OsloConfigFile {
    public static final String DEFAULT = "DEFAULT";

    private final Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    private final String source;

    private OsloConfigFile(String source) {
        this.source = source;
    }

    public static OsloConfigFile read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static OsloConfigFile parse(String text) {
        try {
            return parse(new StringReader(text), "<string>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OsloConfigFile empty() {
        return new OsloConfigFile("<defaults>");
    }

    private static OsloConfigFile parse(Reader reader, String source) throws IOException {
        OsloConfigFile conf = new OsloConfigFile(source);
        BufferedReader in = new BufferedReader(reader);
        String section = null;
        String key = null;
        List<String> value = new ArrayList<>();
        int lineno = 0;
        String raw;
        while ((raw = in.readLine()) != null) {
            lineno++;
            String line = raw.stripTrailing();
            if (line.isEmpty()) {
                if (key != null) {
                    conf.assign(section, key, value, lineno);
                    key = null;
                }
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (key == null) {
                    throw new ConfigException(source + " line " + lineno + ": unexpected continuation line");
                }
                value.add(line.strip());
                continue;
            }
            if (key != null) {
                conf.assign(section, key, value, lineno);
                key = null;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new ConfigException(source + " line " + lineno + ": invalid section (must end with ])");
                }
                if (line.length() <= 2) {
                    throw new ConfigException(source + " line " + lineno + ": empty section name");
                }
                section = line.substring(1, line.length() - 1);
                conf.sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
            } else if (line.startsWith("#") || line.startsWith(";")) {
                continue;
            } else {
                int colon = line.indexOf(':');
                int equal = line.indexOf('=');
                if (colon < 0 && equal < 0) {
                    throw new ConfigException(source + " line " + lineno + ": no ':' or '=' found in assignment");
                }
                int split = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
                key = line.substring(0, split).strip();
                if (key.isEmpty()) {
                    throw new ConfigException(source + " line " + lineno + ": key cannot be empty");
                }
                String v = line.substring(split + 1).strip();
                if (v.length() >= 2 && v.charAt(0) == v.charAt(v.length() - 1) && (v.charAt(0) == '"' || v.charAt(0) == '\'')) {
                    v = v.substring(1, v.length() - 1);
                }
                value = new ArrayList<>(List.of(v));
            }
        }
        if (key != null) {
            conf.assign(section, key, value, lineno);
        }
        return conf;
    }

    private void assign(String section, String key, List<String> value, int lineno) {
        if (section == null) {
            throw new ConfigException(source + " line " + lineno + ": option " + key + " is outside any [section]");
        }
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>())
                .computeIfAbsent(key, k -> new ArrayList<>())
                .add(String.join("\n", value));
    }

    /**
     * Several files read as oslo.config reads {@code --config-file a --config-file b}: in order, a
     * later value of an option winning over an earlier one and multi-valued options collecting them
     * all. The source names every file.
     */
    public static OsloConfigFile merge(List<OsloConfigFile> files) {
        if (files.size() == 1) {
            return files.get(0);
        }
        OsloConfigFile merged = new OsloConfigFile(String.join(" + ", files.stream().map(f -> f.source).toList()));
        for (OsloConfigFile f : files) {
            f.sections.forEach((section, options) -> {
                Map<String, List<String>> target = merged.sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
                options.forEach((key, values) -> target.computeIfAbsent(key, k -> new ArrayList<>()).addAll(values));
            });
        }
        return merged;
    }

    public String source() {
        return source;
    }

    public Set<String> sections() {
        return sections.keySet();
    }

    public Set<String> options(String section) {
        return sections.getOrDefault(section, Map.of()).keySet();
    }

    /** Every option asked for, as "[section] option", whether it was set or not (a test checks them against the docs). */
    private final Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Set<String> optionsAsked() {
        return Set.copyOf(asked);
    }

    /** The last value given for the option, with substitutions applied. */
    public Optional<String> get(String section, String option) {
        asked.add("[" + section + "] " + option);
        List<String> values = sections.getOrDefault(section, Map.of()).get(option);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(substitute(values.get(values.size() - 1), section, 0));
    }

    /** Every value given for a multi-valued option (MultiStrOpt). */
    public List<String> getAll(String section, String option) {
        asked.add("[" + section + "] " + option);
        List<String> out = new ArrayList<>();
        for (String v : sections.getOrDefault(section, Map.of()).getOrDefault(option, List.of())) {
            out.add(substitute(v, section, 0));
        }
        return out;
    }

    /** Sets a value programmatically (defaults computed at start, tests). */
    public void set(String section, String option, String value) {
        List<String> values = new ArrayList<>();
        values.add(value);
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(option, values);
    }

    private String substitute(String value, String section, int depth) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        if (depth > 10) {
            throw new ConfigException(source + ": substitution in [" + section + "] is recursive: " + value);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '$') {
                out.append(c);
                continue;
            }
            if (i + 1 < value.length() && value.charAt(i + 1) == '$') {
                out.append('$');
                i++;
                continue;
            }
            String name;
            int end;
            if (i + 1 < value.length() && value.charAt(i + 1) == '{') {
                end = value.indexOf('}', i + 2);
                if (end < 0) {
                    throw new ConfigException(source + ": unterminated ${ in [" + section + "]: " + value);
                }
                name = value.substring(i + 2, end);
            } else {
                end = i + 1;
                while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) || value.charAt(end) == '_')) {
                    end++;
                }
                name = value.substring(i + 1, end);
                end--;
            }
            out.append(lookup(name, section, depth, value));
            i = end;
        }
        return out.toString();
    }

    private String lookup(String name, String section, int depth, String value) {
        String group = DEFAULT;
        String option = name;
        int dot = name.indexOf('.');
        if (dot > 0) {
            group = name.substring(0, dot);
            option = name.substring(dot + 1);
        }
        List<String> found = sections.getOrDefault(group, Map.of()).get(option);
        if ((found == null || found.isEmpty()) && dot < 0) {
            found = sections.getOrDefault(section, Map.of()).get(option);
        }
        if (found == null || found.isEmpty()) {
            String fallback = substitutionDefaults.get(name);
            if (fallback != null) {
                return fallback;
            }
            throw new ConfigException(source + ": [" + section + "] value '" + value + "' refers to $" + name
                    + ", which is not set");
        }
        return substitute(found.get(found.size() - 1), group, depth + 1);
    }

    private final Map<String, String> substitutionDefaults = new LinkedHashMap<>();

    /** Values {@code $name} resolves to when the file does not set it (nova's defaults, e.g. state_path). */
    public void setSubstitutionDefault(String name, String value) {
        substitutionDefaults.put(name, value);
    }
}
