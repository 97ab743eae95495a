package org.computeworker.worker.image.backend.rbd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The few settings this worker reads from a ceph.conf itself (where the monitors are), with Ceph's own rules:
 * {@code mon host}, {@code mon_host} and {@code mon-host} are one key, and {@code [client.<id>]} overrides
 * {@code [client]}, which overrides {@code [global]}.
 */
final class CephConfFile {
    private final Map<String, Map<String, String>> sections;

    private CephConfFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    static CephConfFile read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    static CephConfFile parse(List<String> lines) {
        Map<String, Map<String, String>> sections = new HashMap<>();
        String section = "global";
        for (String raw : lines) {
            String line = stripComment(raw).strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = normalize(line.substring(1, line.length() - 1));
            } else if (line.indexOf('=') > 0) {
                int eq = line.indexOf('=');
                sections.computeIfAbsent(section, s -> new HashMap<>())
                        .put(normalize(line.substring(0, eq)), line.substring(eq + 1).strip());
            }
        }
        return new CephConfFile(sections);
    }

    /** The value {@code client.<id>} sees for {@code key}. */
    Optional<String> get(String key, String clientId) {
        String normalized = normalize(key);
        for (String section : List.of("client." + (clientId == null ? "admin" : clientId), "client", "global")) {
            String value = sections.getOrDefault(normalize(section), Map.of()).get(normalized);
            if (value != null && !value.isEmpty()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String normalize(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replaceAll("[ _-]+", "_");
    }

    /** Ceph takes {@code #} and {@code ;} as comment starts; neither appears in the values read here. */
    private static String stripComment(String line) {
        int cut = line.length();
        for (char c : new char[] {'#', ';'}) {
            int at = line.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return line.substring(0, cut);
    }
}
