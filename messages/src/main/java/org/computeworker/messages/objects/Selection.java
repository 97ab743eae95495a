package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** nova.objects.Selection: one host the scheduler chose, as listed in {@code host_list}. */
public final class Selection extends NovaObject {
    public static final String OBJ_NAME = "Selection";
    public static final String OBJ_VERSION = "1.1";

    public Selection(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static Selection from(JsonNode node) {
        return node == null || node.isNull() ? null : new Selection(checkPrimitive(node, OBJ_NAME));
    }

    public static Selection create(String serviceHost, String nodename, String computeNodeUuid) {
        Selection s = new Selection(newPrimitive(OBJ_NAME, OBJ_VERSION));
        s.set("compute_node_uuid", computeNodeUuid);
        s.set("service_host", serviceHost);
        s.set("nodename", nodename);
        return s;
    }

    public String serviceHost() {
        return string("service_host");
    }

    public String nodename() {
        return string("nodename");
    }

    public String computeNodeUuid() {
        return string("compute_node_uuid");
    }

    /** The SchedulerLimits data (memory_mb, disk_gb, vcpu ...) or null. */
    public ObjectNode limits() {
        ObjectNode limits = child("limits");
        return limits == null ? null : NovaObject.of(limits).data();
    }
}
