package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** nova.objects.Service: one nova service on one host (binary, topic, heartbeat count, enabled or not). */
public final class Service extends NovaObject {
    public static final String OBJ_NAME = "Service";
    public static final String OBJ_VERSION = "1.22";

    public Service(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static Service from(JsonNode node) {
        return node == null || node.isNull() ? null : new Service(checkPrimitive(node, OBJ_NAME));
    }

    /** A new service as nova's {@code _create_service_ref} fills it before {@code create()}. */
    public static Service create(String host, String binary, String topic) {
        Service s = new Service(newPrimitive(OBJ_NAME, OBJ_VERSION));
        s.set("host", host);
        s.set("binary", binary);
        s.set("topic", topic);
        s.set("report_count", 0);
        return s;
    }

    public Integer id() {
        return integer("id");
    }

    public String uuid() {
        return string("uuid");
    }

    public String host() {
        return string("host");
    }

    public String binary() {
        return string("binary");
    }

    public int reportCount() {
        return integer("report_count", 0);
    }

    public void setReportCount(int count) {
        set("report_count", count);
    }

    public boolean disabled() {
        return Boolean.TRUE.equals(bool("disabled"));
    }

    public void setDisabled(boolean disabled, String reason) {
        set("disabled", disabled);
        set("disabled_reason", reason);
    }

    public String disabledReason() {
        return string("disabled_reason");
    }

    public boolean forcedDown() {
        return Boolean.TRUE.equals(bool("forced_down"));
    }

    public Integer version() {
        return integer("version");
    }

    public void setVersion(int version) {
        set("version", version);
    }

    public java.time.Instant updatedAt() {
        return time("updated_at");
    }

    public Service copy() {
        return new Service(copyPrimitive());
    }
}
