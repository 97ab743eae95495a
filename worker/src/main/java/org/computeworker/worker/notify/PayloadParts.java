package org.computeworker.worker.notify;

import org.computeworker.messages.PythonRepr;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.BlockDeviceMapping;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.NovaObject;

/**
 * The small payload objects versioned instance notifications embed (nova/notifications/objects):
 * FlavorPayload 1.4, IpPayload 1.0, BlockDevicePayload 1.0, ExceptionPayload 1.1 — each with
 * nova's fields in nova's order. A field the source object lacks is null, as populate_schema
 * leaves it when it cannot lazy-load.
 */
public final class PayloadParts {
    private static final List<String> FLAVOR_FIELDS = List.of("flavorid", "memory_mb", "vcpus", "root_gb",
            "ephemeral_gb", "name", "swap", "rxtx_factor", "vcpu_weight", "disabled", "is_public", "extra_specs",
            "projects", "description");
    private static final List<String> BDM_FIELDS = List.of("device_name", "boot_index", "delete_on_termination",
            "volume_id", "tag");

    private PayloadParts() {
    }

    public static ObjectNode flavor(Flavor flavor) {
        ObjectNode data = Json.object();
        for (String field : FLAVOR_FIELDS) {
            JsonNode v = flavor == null ? null : flavor.field(field);
            data.set(field, v == null ? Json.NODES.nullNode() : v.deepCopy());
        }
        data.set("rxtx_factor", asFloat(data.get("rxtx_factor")));
        return VersionedPayload.of("FlavorPayload", "1.4", data);
    }

    /** IpPayload.from_network_info over the instance's fixed IPs. */
    public static ArrayNode ipAddresses(List<FixedIps.Entry> ips) {
        ArrayNode list = Json.array();
        for (FixedIps.Entry e : ips) {
            ObjectNode data = Json.object();
            data.put("label", e.label());
            data.set("mac", text(e.vif().get("address")));
            data.set("meta", stringDict(e.vif().get("meta")));
            data.set("port_uuid", text(e.vif().get("id")));
            data.set("version", e.ip().get("version"));
            data.set("address", e.ip().get("address"));
            data.set("device_name", text(e.vif().get("devname")));
            list.add(VersionedPayload.of("IpPayload", "1.0", data));
        }
        return list;
    }

    /** BlockDevicePayload.from_bdms: one per mapping that has a volume. */
    public static ArrayNode blockDevices(BlockDeviceMappingList bdms) {
        ArrayNode list = Json.array();
        for (BlockDeviceMapping bdm : bdms.objects()) {
            if (bdm.volumeId() == null) {
                continue;
            }
            ObjectNode data = Json.object();
            for (String field : BDM_FIELDS) {
                JsonNode v = bdm.field(field);
                data.set(field, v == null ? Json.NODES.nullNode() : v.deepCopy());
            }
            list.add(VersionedPayload.of("BlockDevicePayload", "1.0", data));
        }
        return list;
    }

    public static ObjectNode exception(ExceptionFacts facts) {
        ObjectNode data = Json.object();
        data.put("module_name", facts.moduleName());
        data.put("function_name", facts.functionName());
        data.put("exception", facts.pythonClass());
        data.put("exception_message", facts.str());
        data.put("traceback", facts.traceback());
        return VersionedPayload.of("ExceptionPayload", "1.1", data);
    }

    /** KeypairPayload 1.0 from a KeyPair primitive. */
    public static ObjectNode keypair(NovaObject keypair) {
        ObjectNode data = Json.object();
        for (String field : List.of("user_id", "name", "fingerprint", "public_key", "type")) {
            JsonNode v = keypair.field(field);
            data.set(field, v == null ? Json.NODES.nullNode() : v.deepCopy());
        }
        return VersionedPayload.of("KeypairPayload", "1.0", data);
    }

    /** FloatField: an integral value still goes out as a float (1 becomes 1.0). */
    private static JsonNode asFloat(JsonNode v) {
        if (v != null && v.isIntegralNumber()) {
            return Json.NODES.numberNode(new BigDecimal(v.bigIntegerValue()).setScale(1));
        }
        return v;
    }

    private static JsonNode text(JsonNode v) {
        return v == null || v.isNull() ? Json.NODES.nullNode() : Json.NODES.textNode(v.asText());
    }

    /** DictOfStringsField: values become python str() of themselves. */
    private static ObjectNode stringDict(JsonNode v) {
        ObjectNode out = Json.object();
        if (v instanceof ObjectNode o) {
            o.properties().forEach(e -> out.set(e.getKey(), e.getValue().isNull() ? e.getValue()
                    : Json.NODES.textNode(pyStr(e.getValue()))));
        }
        return out;
    }

    private static String pyStr(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "True" : "False";
        }
        return v.isValueNode() ? v.asText() : PythonRepr.of(v);
    }
}
