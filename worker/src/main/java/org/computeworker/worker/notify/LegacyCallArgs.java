package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.objects.NovaTime;

/**
 * The {@code args} of nova's legacy error notification (exception_wrapper._get_call_dict): the
 * RPC method's arguments, minus anything named {@code *_pass*}, as oslo's
 * {@code jsonutils.to_primitive(convert_instances=True)} renders the objects nova deserialised
 * them into — dict-like objects as their set fields, other objects as their attribute dict,
 * datetimes as strtime, nothing deeper than three objects down.
 *
 * <p>One deliberate difference: nova leaves the request context inside nested objects
 * ({@code _context}), auth token included; the worker writes null there.
 */
public final class LegacyCallArgs {
    private static final int MAX_DEPTH = 3;
    /** nova objects that mix in NovaObjectDictCompat, which to_primitive reads through items(). */
    private static final Set<String> DICT_LIKE = Set.of("BlockDeviceMapping", "Flavor", "Instance",
            "InstanceAction", "InstanceActionEvent", "InstanceFault", "InstanceGroup", "InstanceNUMACell",
            "InstanceNUMATopology", "KeyPair", "Service");
    private static final Pattern DATETIME_FIELD =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");

    private final InstanceNames names;

    public LegacyCallArgs(InstanceNames names) {
        this.names = names;
    }

    public ObjectNode of(ObjectNode rpcArgs) {
        ObjectNode out = Json.object();
        for (Map.Entry<String, JsonNode> arg : rpcArgs.properties()) {
            if (!arg.getKey().contains("_pass")) { // _cleanse_dict: admin_password, new_pass, ...
                out.set(arg.getKey(), convert(arg.getValue(), 0));
            }
        }
        return out;
    }

    private JsonNode convert(JsonNode value, int level) {
        if (NovaObject.isPrimitive(value)) {
            return object(NovaObject.of(value), level);
        }
        if (value.isObject()) {
            ObjectNode out = Json.object();
            value.properties().forEach(e -> out.set(e.getKey(), convert(e.getValue(), level)));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = Json.array();
            value.forEach(v -> out.add(convert(v, level)));
            return out;
        }
        return value;
    }

    private JsonNode object(NovaObject obj, int level) {
        JsonNode members = obj.field("objects");
        if (obj.objectName().endsWith("List") && members != null && members.isArray()) {
            return convert(members, level); // ObjectListBase iterates as a list
        }
        if (level + 1 > MAX_DEPTH) {
            return Json.NODES.nullNode();
        }
        boolean dictLike = DICT_LIKE.contains(obj.objectName());
        ObjectNode out = Json.object();
        if (!dictLike) {
            ArrayNode changed = out.putArray("_changed_fields");
            obj.changes().forEach(changed::add);
            out.putNull("_context");
            out.put("VERSION", obj.objectVersion());
        }
        for (Map.Entry<String, JsonNode> f : obj.data().properties()) {
            out.set(dictLike ? f.getKey() : "_obj_" + f.getKey(), field(obj, f.getKey(), f.getValue(), level + 1));
        }
        if (obj.objectName().equals(Instance.OBJ_NAME)) {
            out.put("name", names.name(new Instance(obj.toPrimitive()))); // Instance.obj_extra_fields
        }
        return out;
    }

    private JsonNode field(NovaObject owner, String name, JsonNode value, int level) {
        if (value.isTextual() && DATETIME_FIELD.matcher(value.textValue()).matches()) {
            Instant t = NovaTime.parse(value.textValue());
            return Json.NODES.textNode(NovaTime.primitive(t));
        }
        if (value.isTextual() && name.equals("network_info") && owner.objectName().equals("InstanceInfoCache")) {
            return convert(Json.parse(value.textValue()), level); // NetworkInfo is a list of dicts
        }
        return convert(value, level);
    }
}
