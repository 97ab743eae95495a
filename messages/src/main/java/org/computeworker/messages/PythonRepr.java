package org.computeworker.messages;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code repr()} of plain values: legacy error notifications carry exceptions as the
 * string jsonutils makes of them, which is their repr (a dict repr for nova exceptions).
 */
public final class PythonRepr {
    private PythonRepr() {
    }

    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    public static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof CharSequence s) {
            string(out, s.toString());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof java.math.BigInteger) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            out.append(floatRepr(((Number) value).doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            appendEntries(out, map.entrySet().iterator());
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                append(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof JsonNode node) {
            json(out, node);
        } else {
            string(out, value.toString());
        }
    }

    private static void appendEntries(StringBuilder out, Iterator<? extends Map.Entry<?, ?>> entries) {
        out.append('{');
        boolean first = true;
        while (entries.hasNext()) {
            Map.Entry<?, ?> e = entries.next();
            out.append(first ? "" : ", ");
            first = false;
            append(out, e.getKey());
            out.append(": ");
            append(out, e.getValue());
        }
        out.append('}');
    }

    private static void json(StringBuilder out, JsonNode node) {
        if (node.isNull() || node.isMissingNode()) {
            out.append("None");
        } else if (node.isBoolean()) {
            append(out, node.booleanValue());
        } else if (node.isTextual()) {
            string(out, node.textValue());
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            out.append(floatRepr(node.doubleValue()));
        } else if (node.isObject()) {
            appendEntries(out, node.properties().iterator());
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                json(out, node.get(i));
            }
            out.append(']');
        } else {
            string(out, node.asText());
        }
    }

    /** Python quotes with ' unless the text holds ' and no ". */
    static void string(StringBuilder out, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\x%02x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        out.append(quote);
    }

    private static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return BigDecimal.valueOf(d).setScale(1, java.math.RoundingMode.UNNECESSARY).toPlainString();
        }
        return Double.toString(d);
    }
}
