package org.computeworker.messages;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;

/** JSON equality that names the first differing path instead of printing both documents. */
public final class JsonAssert {
    private JsonAssert() {
    }

    public static void assertJsonEquals(JsonNode expected, JsonNode actual, String what) {
        String diff = firstDifference("$", expected, actual);
        if (diff != null) {
            fail(what + ": " + diff);
        }
    }

    static String firstDifference(String path, JsonNode e, JsonNode a) {
        if (e == null || a == null) {
            return e == a ? null : path + ": expected " + brief(e) + " but was " + brief(a);
        }
        if (e.isObject() && a.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            e.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String d = firstDifference(path + "." + k, e.get(k), a.get(k));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (e.isArray() && a.isArray()) {
            if (e.size() != a.size()) {
                return path + ": expected " + e.size() + " items but was " + a.size();
            }
            for (int i = 0; i < e.size(); i++) {
                String d = firstDifference(path + "[" + i + "]", e.get(i), a.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (e.isNumber() && a.isNumber()) {
            return e.decimalValue().compareTo(a.decimalValue()) == 0 && e.isIntegralNumber() == a.isIntegralNumber()
                    ? null : path + ": expected " + e + " but was " + a;
        }
        return e.equals(a) ? null : path + ": expected " + brief(e) + " but was " + brief(a);
    }

    private static String brief(JsonNode n) {
        if (n == null) {
            return "absent";
        }
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

}
