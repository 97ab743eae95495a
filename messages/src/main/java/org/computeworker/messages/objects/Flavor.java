package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** nova.objects.Flavor: the size of an instance. */
public final class Flavor extends NovaObject {
    public static final String OBJ_NAME = "Flavor";
    public static final String OBJ_VERSION = "1.2";

    public Flavor(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static Flavor from(JsonNode node) {
        return node == null || node.isNull() ? null : new Flavor(checkPrimitive(node, OBJ_NAME));
    }

    /** A flavor built in code (tests, the CLI), with the fields nova always loads. */
    public static Flavor create(int id, String name, int memoryMb, int vcpus, int rootGb, int ephemeralGb, int swapMb) {
        Flavor f = new Flavor(newPrimitive(OBJ_NAME, OBJ_VERSION));
        f.set("id", id);
        f.set("name", name);
        f.set("memory_mb", memoryMb);
        f.set("vcpus", vcpus);
        f.set("root_gb", rootGb);
        f.set("ephemeral_gb", ephemeralGb);
        f.set("flavorid", name);
        f.set("swap", swapMb);
        f.setField("rxtx_factor", org.computeworker.messages.Json.NODES.numberNode(new java.math.BigDecimal("1.0")));
        f.set("vcpu_weight", 0);
        f.set("disabled", false);
        f.set("is_public", true);
        f.setField("extra_specs", org.computeworker.messages.Json.object());
        f.set("description", (String) null);
        f.resetChanges();
        return f;
    }

    public Integer id() {
        return integer("id");
    }

    public String name() {
        return string("name");
    }

    public String flavorId() {
        return string("flavorid");
    }

    public int memoryMb() {
        return integer("memory_mb", 0);
    }

    public int vcpus() {
        return integer("vcpus", 0);
    }

    public int rootGb() {
        return integer("root_gb", 0);
    }

    public int ephemeralGb() {
        return integer("ephemeral_gb", 0);
    }

    /** Swap in MiB (nova's unit for this field). */
    public int swapMb() {
        return integer("swap", 0);
    }

    public Map<String, String> extraSpecs() {
        return stringMap("extra_specs");
    }

    public Flavor copy() {
        return new Flavor(copyPrimitive());
    }
}
