package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Compares a message with nova's: the same keys at every level, the same JSON type for every
 * value (a float stays a float, a string a string), and equal values except on paths the caller
 * names as changing every run. Reports every difference, each by its path.
 */
final class JsonShape {
    private JsonShape() {
    }

    static List<String> differences(JsonNode expected, JsonNode actual, Predicate<String> valueMayDiffer) {
        List<String> out = new ArrayList<>();
        compare("$", expected, actual, valueMayDiffer, out);
        return out;
    }

    private static void compare(String path, JsonNode e, JsonNode a, Predicate<String> mayDiffer, List<String> out) {
        if (!type(e).equals(type(a))) {
            out.add(path + ": expected " + type(e) + " " + brief(e) + " but got " + type(a) + " " + brief(a));
            return;
        }
        if (e.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            e.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!e.has(k)) {
                    out.add(path + "." + k + ": not in nova's message (got " + brief(a.get(k)) + ")");
                } else if (!a.has(k)) {
                    out.add(path + "." + k + ": missing (nova has " + brief(e.get(k)) + ")");
                } else {
                    compare(path + "." + k, e.get(k), a.get(k), mayDiffer, out);
                }
            }
        } else if (e.isArray()) {
            if (e.size() != a.size()) {
                out.add(path + ": expected " + e.size() + " items but got " + a.size());
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                compare(path + "[" + i + "]", e.get(i), a.get(i), mayDiffer, out);
            }
        } else if (!mayDiffer.test(path) && !sameValue(e, a)) {
            out.add(path + ": expected " + brief(e) + " but got " + brief(a));
        }
    }

    private static boolean sameValue(JsonNode e, JsonNode a) {
        if (e.isNumber()) {
            return e.decimalValue().compareTo(a.decimalValue()) == 0;
        }
        return e.equals(a);
    }

    static String type(JsonNode n) {
        if (n == null) {
            return "absent";
        }
        if (n.isIntegralNumber()) {
            return "int";
        }
        if (n.isNumber()) {
            return "float";
        }
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String brief(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
