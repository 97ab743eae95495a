package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaTime;

/**
 * The payload of nova's legacy (unversioned) instance notifications: nova.notifications.base
 * {@code info_from_instance}, every key in nova's order and with nova's value spellings (python
 * {@code str()} of created_at, strtime of the other dates, empty strings for absent values).
 */
public final class LegacyInstanceInfo {
    private LegacyInstanceInfo() {
    }

    /**
     * @param fixedIps the instance's IPs when nova passes network_info (then {@code fixed_ips} is
     *                 present), or null when it does not
     */
    public static ObjectNode build(Instance instance, String imageRefUrl, List<FixedIps.Entry> fixedIps) {
        Flavor flavor = instance.flavor();
        ObjectNode p = Json.object();
        p.set("tenant_id", raw(instance, "project_id"));
        p.set("user_id", raw(instance, "user_id"));
        p.set("instance_id", raw(instance, "uuid"));
        p.set("display_name", raw(instance, "display_name"));
        p.set("reservation_id", raw(instance, "reservation_id"));
        p.set("hostname", raw(instance, "hostname"));
        p.put("instance_type", flavor == null || flavor.name() == null ? "" : flavor.name());
        p.set("instance_type_id", raw(instance, "instance_type_id"));
        p.put("instance_flavor_id", flavor == null || flavor.flavorId() == null ? "" : flavor.flavorId());
        p.set("architecture", raw(instance, "architecture"));
        p.put("memory_mb", flavor == null ? instance.memoryMb() : flavor.memoryMb());
        p.put("disk_gb", flavor == null ? instance.rootGb() + instance.ephemeralGb()
                : flavor.rootGb() + flavor.ephemeralGb());
        p.put("vcpus", flavor == null ? instance.vcpus() : flavor.vcpus());
        p.put("root_gb", flavor == null ? instance.rootGb() : flavor.rootGb());
        p.put("ephemeral_gb", flavor == null ? instance.ephemeralGb() : flavor.ephemeralGb());
        p.set("host", raw(instance, "host"));
        p.set("node", raw(instance, "node"));
        p.set("availability_zone", raw(instance, "availability_zone"));
        p.put("cell_name", nullSafe(instance.string("cell_name")));
        Instant created = instance.time("created_at");
        p.put("created_at", created == null ? "None" : NovaTime.pythonStr(created)); // python str()
        p.put("terminated_at", strtime(instance.time("terminated_at")));
        p.put("deleted_at", strtime(instance.time("deleted_at")));
        p.put("launched_at", strtime(instance.time("launched_at")));
        p.put("image_ref_url", imageRefUrl);
        p.set("os_type", raw(instance, "os_type"));
        p.set("kernel_id", raw(instance, "kernel_id"));
        p.set("ramdisk_id", raw(instance, "ramdisk_id"));
        p.set("state", raw(instance, "vm_state"));
        p.put("state_description", nullSafe(instance.taskState()));
        Integer progress = instance.integer("progress");
        if (progress == null || progress == 0) {
            p.put("progress", ""); // nova's legacy quirk: no progress reads as an empty string
        } else {
            p.put("progress", progress.intValue());
        }
        p.set("access_ip_v4", raw(instance, "access_ip_v4"));
        p.set("access_ip_v6", raw(instance, "access_ip_v6"));
        if (fixedIps != null) {
            ArrayNode ips = p.putArray("fixed_ips");
            for (FixedIps.Entry e : fixedIps) {
                ObjectNode ip = e.ip().deepCopy();
                ip.put("label", e.label());
                ip.set("vif_mac", e.vif().path("address").isMissingNode() ? Json.NODES.nullNode()
                        : e.vif().get("address"));
                ips.add(ip);
            }
        }
        p.set("image_meta", imageMeta(instance.systemMetadata()));
        ObjectNode metadata = instance.dict("metadata");
        p.set("metadata", metadata == null ? Json.object() : metadata.deepCopy());
        return p;
    }

    /** nova.notifications.base.image_meta: the image_* keys of system_metadata, prefix removed. */
    public static ObjectNode imageMeta(Map<String, String> systemMetadata) {
        ObjectNode meta = Json.object();
        systemMetadata.forEach((k, v) -> {
            if (k.startsWith("image_")) {
                meta.put(k.substring("image_".length()), v);
            }
        });
        return meta;
    }

    private static JsonNode raw(Instance instance, String field) {
        JsonNode v = instance.field(field);
        return v == null ? Json.NODES.nullNode() : v.deepCopy();
    }

    private static String nullSafe(String s) {
        return s == null ? "" : s;
    }

    /** null_safe_isotime: nova's strtime of a datetime, else an empty string. */
    private static String strtime(Instant t) {
        return t == null ? "" : NovaTime.primitive(t);
    }
}
