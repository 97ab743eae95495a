package org.computeworker.worker.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.computeworker.messages.Json;

/** One resource class's inventory record, every field placement stores, as a virt driver reports it. */
public record Inventory(int total, int reserved, int minUnit, int maxUnit, int stepSize, double allocationRatio) {
    public Inventory {
        if (total < 0 || reserved < 0 || minUnit < 1 || maxUnit < 1 || stepSize < 1 || allocationRatio <= 0) {
            throw new IllegalArgumentException("not a placement inventory: total=" + total + " reserved=" + reserved
                    + " min_unit=" + minUnit + " max_unit=" + maxUnit + " step_size=" + stepSize
                    + " allocation_ratio=" + allocationRatio);
        }
    }

    /** What nova's fake and libvirt drivers report for VCPU, MEMORY_MB and DISK_GB: units of 1 up to the total. */
    public static Inventory of(int total, int reserved, double allocationRatio) {
        return new Inventory(total, reserved, 1, Math.max(1, total), 1, allocationRatio);
    }

    ObjectNode toJson() {
        return Json.object().put("total", total).put("reserved", reserved).put("min_unit", minUnit)
                .put("max_unit", maxUnit).put("step_size", stepSize).put("allocation_ratio", allocationRatio);
    }

    static Inventory fromJson(JsonNode n) {
        return new Inventory(n.path("total").asInt(), n.path("reserved").asInt(), n.path("min_unit").asInt(1),
                n.path("max_unit").asInt(), n.path("step_size").asInt(1), n.path("allocation_ratio").asDouble(1.0));
    }

    /** The {@code inventories} object of placement's inventory documents, by resource class. */
    static Map<String, Inventory> fromInventories(JsonNode inventories) {
        Map<String, Inventory> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = inventories.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), fromJson(e.getValue()));
        }
        return out;
    }

    static ObjectNode toInventories(Map<String, Inventory> inventory) {
        ObjectNode out = Json.object();
        new TreeMap<>(inventory).forEach((rc, inv) -> out.set(rc, inv.toJson()));
        return out;
    }
}
