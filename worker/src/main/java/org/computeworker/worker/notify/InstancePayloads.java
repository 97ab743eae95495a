package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.virt.PowerState;

/**
 * The versioned instance payloads (nova/notifications/objects/instance.py): InstancePayload's
 * fields and the variants built on it — InstanceActionPayload 1.8, InstanceActionResizePrepPayload
 * 1.3, InstanceCreatePayload 1.12 and InstanceExistsPayload 2.0 — in nova's field order (a
 * variant's own fields first).
 */
public final class InstancePayloads {
    private static final List<String> SCHEMA_HEAD = List.of("uuid", "user_id", "tenant_id", "reservation_id",
            "display_name", "display_description", "host_name", "host", "node", "os_type", "architecture",
            "availability_zone");

    private final boolean bdmsInNotifications;
    private final InstanceNames names;

    /** @param bdmsInNotifications {@code [notifications] bdms_in_notifications} */
    public InstancePayloads(boolean bdmsInNotifications, InstanceNames names) {
        this.bdmsInNotifications = bdmsInNotifications;
        this.names = names;
    }

    /** InstanceActionPayload: {@code bdms} as nova's caller passes them, else null. */
    public ObjectNode action(RequestContext ctx, Instance instance, ExceptionFacts fault,
                             BlockDeviceMappingList bdms) {
        ObjectNode data = Json.object();
        putFault(data, fault);
        putInstance(data, ctx, instance, bdms);
        return VersionedPayload.of("InstanceActionPayload", "1.8", data);
    }

    public ObjectNode resizePrep(RequestContext ctx, Instance instance, Flavor newFlavor) {
        ObjectNode data = Json.object();
        data.set("new_flavor", PayloadParts.flavor(newFlavor));
        putFault(data, null);
        putInstance(data, ctx, instance, null);
        return VersionedPayload.of("InstanceActionResizePrepPayload", "1.3", data);
    }

    public ObjectNode create(RequestContext ctx, Instance instance, ExceptionFacts fault,
                             BlockDeviceMappingList bdms) {
        ObjectNode data = Json.object();
        data.set("keypairs", InstanceKeypairs.payloads(instance));
        data.set("tags", tags(instance));
        data.set("trusted_image_certificates", trustedCertificates(instance));
        data.put("instance_name", names.name(instance));
        putFault(data, fault);
        putInstance(data, ctx, instance, bdms);
        return VersionedPayload.of("InstanceCreatePayload", "1.12", data);
    }

    public ObjectNode exists(RequestContext ctx, Instance instance, AuditPeriod period) {
        ObjectNode data = Json.object();
        data.set("audit_period", period.versionedPayload());
        putInstance(data, ctx, instance, null);
        return VersionedPayload.of("InstanceExistsPayload", "2.0", data);
    }

    private static void putFault(ObjectNode data, ExceptionFacts fault) {
        data.set("fault", fault == null ? Json.NODES.nullNode() : PayloadParts.exception(fault));
        data.putNull("request_id"); // InstanceActionPayload declares request_id right after fault
    }

    /** InstancePayload.__init__ + populate_schema. */
    private void putInstance(ObjectNode data, RequestContext ctx, Instance instance, BlockDeviceMappingList bdms) {
        for (String field : SCHEMA_HEAD) {
            data.set(field, copy(instance, sourceField(field)));
        }
        data.set("flavor", PayloadParts.flavor(instance.flavor()));
        data.set("image_uuid", copy(instance, "image_ref"));
        data.set("key_name", copy(instance, "key_name"));
        data.set("kernel_id", copy(instance, "kernel_id"));
        data.set("ramdisk_id", copy(instance, "ramdisk_id"));
        for (String field : List.of("created_at", "launched_at", "terminated_at", "deleted_at", "updated_at")) {
            String t = NovaTime.objectField(instance.time(field));
            data.set(field, t == null ? Json.NODES.nullNode() : Json.NODES.textNode(t));
        }
        data.set("state", copy(instance, "vm_state"));
        Integer power = instance.powerState();
        data.set("power_state", power == null ? Json.NODES.nullNode()
                : Json.NODES.textNode(PowerState.fromCode(power).label()));
        data.set("task_state", copy(instance, "task_state"));
        data.set("progress", copy(instance, "progress"));
        data.set("ip_addresses", PayloadParts.ipAddresses(FixedIps.of(instance)));
        data.set("block_devices", blockDevices(bdms));
        ObjectNode metadata = instance.dict("metadata");
        data.set("metadata", metadata == null ? Json.object() : metadata.deepCopy());
        data.set("locked", copy(instance, "locked"));
        data.set("auto_disk_config", diskConfig(instance.field("auto_disk_config")));
        // periodic tasks' contexts have no user or project: nova then leaves request_id out
        boolean userRequest = ctx.projectId() != null && ctx.userId() != null;
        data.put("request_id", userRequest ? ctx.requestId() : null);
        data.put("action_initiator_user", ctx.userId());
        data.put("action_initiator_project", ctx.projectId());
        data.put("locked_reason", instance.systemMetadata().get("locked_reason"));
    }

    private JsonNode blockDevices(BlockDeviceMappingList bdms) {
        if (bdms != null) {
            return PayloadParts.blockDevices(bdms);
        }
        // nova would read the instance's BDMs from its database here; the worker has none to read
        return bdmsInNotifications ? Json.array() : Json.NODES.nullNode();
    }

    private static String sourceField(String payloadField) {
        return switch (payloadField) {
            case "tenant_id" -> "project_id";
            case "host_name" -> "hostname";
            default -> payloadField;
        };
    }

    private static JsonNode copy(Instance instance, String field) {
        JsonNode v = instance.field(field);
        return v == null ? Json.NODES.nullNode() : v.deepCopy();
    }

    /** DiskConfigField: True is AUTO, False is MANUAL. */
    private static JsonNode diskConfig(JsonNode v) {
        if (v != null && v.isBoolean()) {
            return Json.NODES.textNode(v.booleanValue() ? "AUTO" : "MANUAL");
        }
        return v == null ? Json.NODES.nullNode() : v.deepCopy();
    }

    private static JsonNode tags(Instance instance) {
        var tags = Json.array();
        ObjectNode list = instance.child("tags");
        if (list != null) {
            list.path("nova_object.data").path("objects")
                    .forEach(t -> tags.add(t.path("nova_object.data").path("tag").asText()));
        }
        return tags;
    }

    private static JsonNode trustedCertificates(Instance instance) {
        ObjectNode certs = instance.child("trusted_certs");
        JsonNode ids = certs == null ? null : certs.path("nova_object.data").get("ids");
        return ids == null || ids.isNull() ? Json.NODES.nullNode() : ids.deepCopy();
    }
}
