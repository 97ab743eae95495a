package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** nova.objects.Migration: one resize or migration of an instance between hosts. */
public final class Migration extends NovaObject {
    public static final String OBJ_NAME = "Migration";
    public static final String OBJ_VERSION = "1.7";

    public Migration(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static Migration from(JsonNode node) {
        return node == null || node.isNull() ? null : new Migration(checkPrimitive(node, OBJ_NAME));
    }

    public static Migration create() {
        return new Migration(newPrimitive(OBJ_NAME, OBJ_VERSION));
    }

    public Integer id() {
        return integer("id");
    }

    public String uuid() {
        return string("uuid");
    }

    public void setUuid(String uuid) {
        set("uuid", uuid);
    }

    public String instanceUuid() {
        return string("instance_uuid");
    }

    public void setInstanceUuid(String uuid) {
        set("instance_uuid", uuid);
    }

    public String status() {
        return string("status");
    }

    public void setStatus(String status) {
        set("status", status);
    }

    public String migrationType() {
        return string("migration_type");
    }

    public void setMigrationType(String type) {
        set("migration_type", type);
    }

    public String sourceCompute() {
        return string("source_compute");
    }

    public void setSourceCompute(String host) {
        set("source_compute", host);
    }

    public String destCompute() {
        return string("dest_compute");
    }

    public void setDestCompute(String host) {
        set("dest_compute", host);
    }

    public String sourceNode() {
        return string("source_node");
    }

    public void setSourceNode(String node) {
        set("source_node", node);
    }

    public String destNode() {
        return string("dest_node");
    }

    public void setDestNode(String node) {
        set("dest_node", node);
    }

    public String destHost() {
        return string("dest_host");
    }

    public void setDestHost(String host) {
        set("dest_host", host);
    }

    public Integer oldInstanceTypeId() {
        return integer("old_instance_type_id");
    }

    public void setOldInstanceTypeId(Integer id) {
        set("old_instance_type_id", id);
    }

    public Integer newInstanceTypeId() {
        return integer("new_instance_type_id");
    }

    public void setNewInstanceTypeId(Integer id) {
        set("new_instance_type_id", id);
    }

    public void setUpdatedAt(java.time.Instant t) {
        set("updated_at", t);
    }

    public Migration copy() {
        return new Migration(copyPrimitive());
    }
}
