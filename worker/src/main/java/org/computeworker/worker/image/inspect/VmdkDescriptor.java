package org.computeworker.worker.image.inspect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A VMDK text descriptor read the cautious way: every line must be a comment, a {@code ddb} entry, a
 * {@code key=value} header or an extent, and anything else is a problem. Extents naming paths, parents and
 * unreadable text are problems too, because each is a way for the image to make qemu open another host file.
 *
 * @param createType the {@code createType} value as written, or null when absent
 * @param extents    the extent lines as written
 * @param sectors    the sum of the extents' sizes in 512-byte sectors
 * @param problems   why this descriptor must not be trusted; empty when none
 */
record VmdkDescriptor(String createType, List<String> extents, long sectors, List<String> problems) {
    private static final Set<String> EXTENT_ACCESS = Set.of("rw", "rdonly", "noaccess");
    private static final String NO_PARENT = "ffffffff";
    private static final int QUOTE_LIMIT = 80;

    VmdkDescriptor {
        extents = List.copyOf(extents);
        problems = List.copyOf(problems);
    }

    static VmdkDescriptor parse(byte[] raw) {
        int end = raw.length;
        while (end > 0 && raw[end - 1] == 0) {
            end--; // the descriptor area is NUL-padded to whole sectors
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            int b = raw[i] & 0xFF;
            if (b >= 0x80 || (b < 0x20 && b != '\n' && b != '\r' && b != '\t')) {
                problems.add("VMDK descriptor is not plain ASCII text");
                return new VmdkDescriptor(null, List.of(), 0, problems);
            }
        }
        String createType = null;
        List<String> extents = new ArrayList<>();
        long sectors = 0;
        for (String rawLine : new String(raw, 0, end, StandardCharsets.US_ASCII).split("\n")) {
            String line = rawLine.strip();
            String lower = line.toLowerCase(Locale.ROOT);
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || lower.startsWith("ddb")) {
                continue;
            } else if (eq > 0 && !line.substring(0, eq).strip().contains(" ")) {
                String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String value = unquote(line.substring(eq + 1));
                if (key.equals("createtype")) {
                    createType = quote(value);
                } else if (key.equals("parentfilenamehint")) {
                    problems.add("VMDK names a parent disk (" + quote(value) + ")");
                } else if (key.equals("parentcid") && !value.equalsIgnoreCase(NO_PARENT)) {
                    problems.add("VMDK is a child disk (parentCID=" + quote(value) + ")");
                }
            } else if (EXTENT_ACCESS.contains(lower.split("\\s+")[0])) {
                extents.add(line);
                sectors = addExtentSize(line, sectors, problems);
                if (line.contains("/")) {
                    problems.add("VMDK extent names a path: " + quote(line));
                }
            } else {
                problems.add("VMDK descriptor has an unrecognised line: " + quote(line));
            }
        }
        if (extents.isEmpty()) {
            problems.add("VMDK descriptor lists no extents");
        }
        return new VmdkDescriptor(createType, extents, sectors, problems);
    }

    private static long addExtentSize(String line, long total, List<String> problems) {
        String[] fields = line.split("\\s+");
        try {
            return Math.addExact(total, Long.parseLong(fields.length > 1 ? fields[1] : ""));
        } catch (NumberFormatException | ArithmeticException e) {
            problems.add("VMDK extent has no valid size: " + quote(line));
            return total;
        }
    }

    private static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** Hostile descriptors can be a megabyte long: never echo more than a short excerpt into an error. */
    private static String quote(String text) {
        return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "...";
    }
}
