package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import org.computeworker.messages.Json;

/**
 * nova.objects.ComputeNode: a hypervisor node's capacity and usage as the resource tracker records
 * it (os-hypervisors shows it; the scheduler reads it). Setters record a change only when the value
 * differs, so an unchanged node saves nothing, as nova's {@code _resource_change} decides.
 */
public final class ComputeNode extends NovaObject {
    public static final String OBJ_NAME = "ComputeNode";
    public static final String OBJ_VERSION = "1.19";

    public ComputeNode(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static ComputeNode from(JsonNode node) {
        return node == null || node.isNull() ? null : new ComputeNode(checkPrimitive(node, OBJ_NAME));
    }

    public static ComputeNode create(String host) {
        ComputeNode n = new ComputeNode(newPrimitive(OBJ_NAME, OBJ_VERSION));
        n.set("host", host);
        return n;
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

    public String hypervisorHostname() {
        return string("hypervisor_hostname");
    }

    public Integer serviceId() {
        return integer("service_id");
    }

    /** Sets {@code field} to {@code value} (a String, Number, Boolean, JsonNode or null) unless it already holds it. */
    public void update(String field, Object value) {
        JsonNode node = value == null ? Json.NODES.nullNode()
                : value instanceof JsonNode j ? j : Json.MAPPER.valueToTree(value);
        if (!same(field(field), node)) {
            setField(field, node);
        }
    }

    /** Equal values, numbers compared by value (the conductor's 4 and this side's 4L are the same). */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return Objects.equals(a, b);
    }

    public void updateAll(Map<String, ?> values) {
        values.forEach(this::update);
    }

    public ComputeNode copy() {
        return new ComputeNode(copyPrimitive());
    }
}
