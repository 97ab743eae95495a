package org.computeworker.worker.image.backend.rbd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The monitor hosts and ports a guest's {@code <disk type='network'>} names, from ceph.conf's {@code mon_host}
 * (nova asks {@code ceph mon dump} instead; the answer is the same addresses without a process per guest). Both
 * address syntaxes are understood: legacy {@code host[:port]} lists and msgr2 address vectors
 * {@code [v2:host:3300,v1:host:6789]}, where the v1 address is taken, as {@code mon dump}'s {@code addr} is.
 *
 * @param hosts IP addresses or names, IPv6 without brackets (libvirt adds them)
 * @param ports one per host
 */
public record CephMonitors(List<String> hosts, List<String> ports) {
    static final String V1_PORT = "6789";
    static final String V2_PORT = "3300";

    public CephMonitors {
        hosts = List.copyOf(hosts);
        ports = List.copyOf(ports);
        if (hosts.size() != ports.size()) {
            throw new IllegalArgumentException("one port per monitor host");
        }
    }

    /** The monitors {@code client.<clientId>} would contact, from {@code conf}. */
    public static CephMonitors fromConf(Path conf, String clientId) throws IOException {
        String monHost = CephConfFile.read(conf).get("mon_host", clientId)
                .orElseThrow(() -> new IOException(conf + " names no monitors (mon_host)"));
        return parse(monHost);
    }

    /** Parses a {@code mon_host} value; entries are separated by commas, semicolons or blanks. */
    public static CephMonitors parse(String monHost) {
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String entry : splitTopLevel(monHost)) {
            String[] hostPort = isAddressVector(entry) ? fromVector(entry) : hostAndPort(entry, V1_PORT);
            hosts.add(hostPort[0]);
            ports.add(hostPort[1]);
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("mon_host names no monitors: '" + monHost + "'");
        }
        return new CephMonitors(hosts, ports);
    }

    private static boolean isAddressVector(String entry) {
        return entry.matches("(?i)\\[(v1|v2|any):.*\\]");
    }

    /** The v1 address of a vector when there is one (what older clients and {@code mon dump}'s addr use). */
    private static String[] fromVector(String vector) {
        String[] chosen = null;
        for (String typed : splitTopLevel(vector.substring(1, vector.length() - 1))) {
            int colon = typed.indexOf(':');
            String type = typed.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            String[] hostPort = hostAndPort(typed.substring(colon + 1), type.equals("v2") ? V2_PORT : V1_PORT);
            if (type.equals("v1")) {
                return hostPort;
            }
            if (chosen == null) {
                chosen = hostPort;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException("empty monitor address vector: " + vector);
        }
        return chosen;
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port}, bare {@code v6}, each maybe with a {@code /nonce}. */
    private static String[] hostAndPort(String address, String defaultPort) {
        String a = address.strip();
        if (a.matches("(?i)(v1|v2|any):.*") && !a.matches("(?i)(v1|v2|any):\\d+")) {
            a = a.substring(a.indexOf(':') + 1); // a typed single address, e.g. v1:10.0.0.1:6789
        }
        int slash = a.indexOf('/');
        if (slash >= 0) {
            a = a.substring(0, slash);
        }
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unbalanced brackets in monitor address '" + address + "'");
            }
            String rest = a.substring(close + 1);
            return new String[] {a.substring(1, close), rest.startsWith(":") ? rest.substring(1) : defaultPort};
        }
        int first = a.indexOf(':');
        if (first < 0 || first != a.lastIndexOf(':')) {
            return new String[] {a, defaultPort}; // no port, or a bare IPv6 address
        }
        return new String[] {a.substring(0, first), a.substring(first + 1)};
    }

    /** Splits at separators outside brackets, so vectors and IPv6 literals stay whole. */
    private static List<String> splitTopLevel(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : value.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (depth == 0 && (c == ',' || c == ';' || Character.isWhitespace(c))) {
                addIfPresent(parts, current);
            } else {
                current.append(c);
            }
        }
        addIfPresent(parts, current);
        return parts;
    }

    private static void addIfPresent(List<String> parts, StringBuilder current) {
        if (!current.isEmpty()) {
            parts.add(current.toString());
            current.setLength(0);
        }
    }
}
