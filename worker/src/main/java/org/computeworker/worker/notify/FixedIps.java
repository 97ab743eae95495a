package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.InstanceInfoCache;

/**
 * The fixed IPs of an instance's network_info, as nova's network model yields them
 * ({@code VIF.fixed_ips()}): each IP rebuilt the way {@code FixedIP.hydrate} rebuilds it from the
 * info cache, so the legacy {@code fixed_ips} and the versioned {@code ip_addresses} agree with nova.
 */
public final class FixedIps {
    private static final Set<String> IP_KEYS = Set.of("address", "type", "version", "meta");

    /** One fixed IP with the VIF it belongs to. */
    public record Entry(ObjectNode vif, ObjectNode ip) {
        public String label() {
            JsonNode label = vif.path("network").get("label");
            return label == null || label.isNull() ? null : label.asText();
        }
    }

    private FixedIps() {
    }

    /** The fixed IPs of the instance's info cache (none when it has no cache). */
    public static List<Entry> of(Instance instance) {
        InstanceInfoCache cache = instance.infoCache();
        return cache == null ? List.of() : of(cache.networkInfo());
    }

    public static List<Entry> of(ArrayNode networkInfo) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode vif : networkInfo) {
            if (!vif.isObject()) {
                continue;
            }
            for (JsonNode subnet : vif.path("network").path("subnets")) {
                for (JsonNode ip : subnet.path("ips")) {
                    if (ip.isObject()) {
                        entries.add(new Entry((ObjectNode) vif, fixedIp((ObjectNode) ip)));
                    }
                }
            }
        }
        return entries;
    }

    /** FixedIP(**ip): address, type (default fixed), version, meta (plus stray keys), floating_ips. */
    static ObjectNode fixedIp(ObjectNode raw) {
        ObjectNode ip = ip(raw);
        if (ip.get("type").isNull() || ip.get("type").asText().isEmpty()) {
            ip.put("type", "fixed");
        }
        ArrayNode floating = ip.putArray("floating_ips");
        for (JsonNode f : raw.path("floating_ips")) {
            floating.add(f.isObject() ? ip((ObjectNode) f) : f);
        }
        return ip;
    }

    /** IP(**ip): keys nova does not know end up in meta, as Model._set_meta puts them. */
    private static ObjectNode ip(ObjectNode raw) {
        ObjectNode ip = Json.object();
        ip.set("address", raw.path("address").isMissingNode() ? Json.NODES.nullNode() : raw.get("address"));
        ip.set("type", raw.path("type").isMissingNode() ? Json.NODES.nullNode() : raw.get("type"));
        JsonNode version = raw.get("version");
        if ((version == null || version.isNull()) && raw.path("address").isTextual()) {
            version = Json.NODES.numberNode(raw.get("address").asText().contains(":") ? 6 : 4);
        }
        ip.set("version", version == null ? Json.NODES.nullNode() : version);
        ObjectNode meta = raw.get("meta") instanceof ObjectNode m ? m.deepCopy() : Json.object();
        Iterator<Map.Entry<String, JsonNode>> fields = raw.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!IP_KEYS.contains(f.getKey()) && !f.getKey().equals("floating_ips")) {
                meta.set(f.getKey(), f.getValue());
            }
        }
        ip.set("meta", meta);
        return ip;
    }
}
