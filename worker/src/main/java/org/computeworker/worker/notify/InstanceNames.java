package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.computeworker.messages.objects.Instance;

/**
 * Instance.name: {@code [DEFAULT] instance_name_template} (default {@code instance-%08x}) applied
 * with python's {@code %} to the instance id, or to its fields for {@code %(uuid)s}-style templates.
 */
public final class InstanceNames {
    public static final String DEFAULT_TEMPLATE = "instance-%08x";
    private static final Pattern CONVERSION =
            Pattern.compile("%(?:\\((\\w+)\\))?([-0 +#]*)(\\d*)([sdixXo%])");

    private final String template;

    public InstanceNames(String template) {
        this.template = template == null ? DEFAULT_TEMPLATE : template;
    }

    public String name(Instance instance) {
        boolean named = CONVERSION.matcher(template).results().anyMatch(m -> m.group(1) != null);
        if (!named && instance.id() == null) {
            // nova: no id yet means not scheduled yet (blank name), else it falls back to the uuid
            return "building".equals(instance.vmState()) && "scheduling".equals(instance.taskState())
                    ? "" : instance.uuid();
        }
        StringBuilder out = new StringBuilder();
        Matcher m = CONVERSION.matcher(template);
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            last = m.end();
            if (m.group(4).equals("%")) {
                out.append('%');
                continue;
            }
            Object value;
            if (m.group(1) != null) {
                JsonNode v = instance.field(m.group(1));
                if (v == null) {
                    return instance.uuid(); // KeyError in nova: the uuid stands in
                }
                value = v.isIntegralNumber() ? (Object) v.longValue() : v.isNull() ? "None" : v.asText();
            } else {
                value = instance.id().longValue();
            }
            out.append(convert(value, m.group(2), m.group(3), m.group(4)));
        }
        return out.append(template.substring(last)).toString();
    }

    private static String convert(Object value, String flags, String width, String type) {
        String text;
        if (value instanceof Long n && !type.equals("s")) {
            text = switch (type) {
                case "x" -> Long.toHexString(n);
                case "X" -> Long.toHexString(n).toUpperCase(java.util.Locale.ROOT);
                case "o" -> Long.toOctalString(n);
                default -> Long.toString(n);
            };
        } else {
            text = String.valueOf(value);
        }
        int w = width.isEmpty() ? 0 : Integer.parseInt(width);
        if (text.length() >= w) {
            return text;
        }
        String pad = (flags.contains("0") && !flags.contains("-") && !type.equals("s") ? "0" : " ")
                .repeat(w - text.length());
        return flags.contains("-") ? text + pad.replace('0', ' ') : pad + text;
    }
}
