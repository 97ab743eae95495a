package org.computeworker.worker.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.computeworker.messages.Json;

/**
 * GET /allocations/{consumer} at microversion 1.28: what the consumer holds on each provider, its
 * project and user, and its generation. A consumer placement does not know has no allocations and
 * null for the rest, as placement answers.
 */
public record ConsumerAllocations(Map<String, ProviderAllocation> allocations, String projectId, String userId,
        Integer consumerGeneration) {

    /** One provider's part of a consumer's allocations. */
    public record ProviderAllocation(Integer generation, Map<String, Integer> resources) {
        public ProviderAllocation {
            resources = Map.copyOf(resources);
        }
    }

    public ConsumerAllocations {
        allocations = Map.copyOf(allocations);
    }

    public boolean isEmpty() {
        return allocations.isEmpty();
    }

    static ConsumerAllocations fromJson(JsonNode body) {
        Map<String, ProviderAllocation> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("allocations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Map<String, Integer> resources = new TreeMap<>();
            e.getValue().path("resources").fields().forEachRemaining(r -> resources.put(r.getKey(), r.getValue().asInt()));
            JsonNode generation = e.getValue().get("generation");
            out.put(e.getKey(), new ProviderAllocation(generation == null ? null : generation.asInt(), resources));
        }
        return new ConsumerAllocations(out, text(body, "project_id"), text(body, "user_id"),
                body.hasNonNull("consumer_generation") ? body.get("consumer_generation").asInt() : null);
    }

    /** The allocations object as POST /allocations takes it (provider generations are optional there). */
    ObjectNode allocationsJson() {
        ObjectNode out = Json.object();
        allocations.forEach((rp, a) -> {
            ObjectNode resources = Json.object();
            a.resources().forEach(resources::put);
            ObjectNode entry = Json.object();
            entry.set("resources", resources);
            if (a.generation() != null) {
                entry.put("generation", a.generation());
            }
            out.set(rp, entry);
        });
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
