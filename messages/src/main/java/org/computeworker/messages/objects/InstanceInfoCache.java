package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;

/** nova.objects.InstanceInfoCache: the instance's network_info, carried as a JSON string. */
public final class InstanceInfoCache extends NovaObject {
    public static final String OBJ_NAME = "InstanceInfoCache";

    public InstanceInfoCache(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static InstanceInfoCache from(JsonNode node) {
        return node == null || node.isNull() ? null : new InstanceInfoCache(checkPrimitive(node, OBJ_NAME));
    }

    public String instanceUuid() {
        return string("instance_uuid");
    }

    /** The decoded network_info list (VIFs); empty when unset. */
    public ArrayNode networkInfo() {
        JsonNode raw = field("network_info");
        if (raw == null || raw.isNull()) {
            return Json.array();
        }
        JsonNode parsed = raw.isTextual() ? Json.parse(raw.textValue()) : raw;
        return parsed instanceof ArrayNode a ? a : Json.array();
    }
}
