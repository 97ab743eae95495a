package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Pattern;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.objects.NovaTime;

/** The conversions nova's rpcapi applies to some arguments before sending them. */
final class NovaPrimitives {
    /** A DateTimeField primitive (oslo.versionedobjects isotime). */
    private static final Pattern OBJECT_DATETIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private NovaPrimitives() {
    }

    /**
     * oslo.versionedobjects' {@code obj_to_primitive} followed by JSON encoding: an object becomes
     * the plain dict of its set fields, an object list a list, and a datetime field the
     * {@code jsonutils} spelling ({@code 2024-05-01T10:00:00.000000}). Anything else is unchanged.
     */
    static JsonNode objToPrimitive(JsonNode node) {
        if (NovaObject.isPrimitive(node)) {
            ObjectNode data = NovaObject.of(node).data();
            JsonNode objects = data.get("objects");
            if (node.get(NovaObject.NAME).textValue().endsWith("List") && objects != null && objects.isArray()) {
                return objToPrimitive(objects);
            }
            ObjectNode out = Json.object();
            for (Map.Entry<String, JsonNode> field : data.properties()) {
                out.set(field.getKey(), fieldToPrimitive(field.getValue()));
            }
            return out;
        }
        if (node != null && node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(item -> out.add(objToPrimitive(item)));
            return out;
        }
        return node;
    }

    private static JsonNode fieldToPrimitive(JsonNode value) {
        if (value.isTextual() && OBJECT_DATETIME.matcher(value.textValue()).matches()) {
            return Json.NODES.textNode(NovaTime.primitive(NovaTime.parse(value.textValue())));
        }
        return objToPrimitive(value);
    }

    /**
     * {@code SchedulerLimits.to_dict()}, which build_and_run_instance applies because computes only
     * read the dict form: the fields that are set and not None. A dict is passed through.
     */
    static JsonNode limitsToDict(JsonNode limits) {
        if (!NovaObject.isPrimitive(limits)) {
            return limits;
        }
        ObjectNode out = Json.object();
        NovaObject.of(limits).data().properties().forEach(f -> {
            if (!f.getValue().isNull()) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out;
    }
}
