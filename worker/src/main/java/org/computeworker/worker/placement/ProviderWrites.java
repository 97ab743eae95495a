package org.computeworker.worker.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.computeworker.messages.Json;
import org.computeworker.worker.keystone.ServiceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's set_inventory_for_provider and set_traits_for_provider with the resource tracker's retry
 * around them: nothing is written when the cache already holds the wanted state; a generation
 * conflict drops the cached provider, reads it again and recomputes, at most {@link #ATTEMPTS} times.
 */
final class ProviderWrites {
    /** nova's _update_to_placement: @retrying.retry(stop_max_attempt_number=4) on ResourceProviderUpdateConflict. */
    static final int ATTEMPTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(ProviderWrites.class);

    private final PlacementHttp http;
    private final ProviderCache cache;
    private final ProviderLookup lookup;
    private final PlacementNames names;

    ProviderWrites(PlacementHttp http, ProviderCache cache, ProviderLookup lookup) {
        this.http = http;
        this.cache = cache;
        this.lookup = lookup;
        this.names = new PlacementNames(http);
    }

    boolean updateInventory(String uuid, Map<String, Inventory> wanted) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ProviderRecord p = cache.require(uuid);
            if (p.inventory().equals(wanted)) {
                LOG.debug("Inventory has not changed for provider {}", uuid);
                return false;
            }
            names.ensureResourceClasses(wanted.keySet());
            ObjectNode body = Json.object().put("resource_provider_generation", p.generation());
            body.set("inventories", Inventory.toInventories(wanted));
            ServiceResponse r = http.put("/resource_providers/" + uuid + "/inventories", body, Microversions.INVENTORY);
            if (r.status() == 200) {
                JsonNode json = PlacementHttp.json(r, "inventory");
                cache.written(p.withInventory(Inventory.fromInventories(json.path("inventories")),
                        json.path("resource_provider_generation").asInt()));
                LOG.info("Updated inventory of resource provider {} (generation {}): {}", uuid, p.generation(), wanted);
                return true;
            }
            if (r.status() == 409 && PlacementHttp.INVENTORY_IN_USE.equals(PlacementHttp.errorCode(r))) {
                throw new InventoryInUseException(uuid, PlacementHttp.errorDetail(r));
            }
            reReadOrFail(p, r, "inventory", attempt);
        }
        throw new ProviderUpdateConflictException(uuid, "inventory", ATTEMPTS);
    }

    boolean updateTraits(String uuid, Map<String, Boolean> capabilityTraits, boolean serviceDisabled) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ProviderRecord p = cache.require(uuid);
            // Recomputed from placement's current traits on every attempt: traits others set are kept.
            Set<String> wanted = ComputeNodeTraits.wanted(p.traits(), capabilityTraits, serviceDisabled);
            if (wanted.equals(p.traits())) {
                return false;
            }
            names.ensureTraits(wanted);
            ObjectNode body = Json.object().put("resource_provider_generation", p.generation());
            body.set("traits", Json.MAPPER.valueToTree(new ArrayList<>(new TreeSet<>(wanted))));
            ServiceResponse r = http.put("/resource_providers/" + uuid + "/traits", body, Microversions.TRAITS);
            if (r.status() == 200) {
                JsonNode json = PlacementHttp.json(r, "traits");
                Set<String> now = new TreeSet<>();
                json.path("traits").forEach(t -> now.add(t.asText()));
                cache.written(p.withTraits(now, json.path("resource_provider_generation").asInt()));
                LOG.info("Updated traits of resource provider {} (generation {}): {}", uuid, p.generation(), now);
                return true;
            }
            reReadOrFail(p, r, "traits", attempt);
        }
        throw new ProviderUpdateConflictException(uuid, "traits", ATTEMPTS);
    }

    /** A 409 is a generation conflict: read the provider again for the next attempt. Anything else ends here. */
    private void reReadOrFail(ProviderRecord p, ServiceResponse r, String what, int attempt) {
        cache.forget(p.uuid());
        if (r.status() != 409) {
            throw new UnexpectedPlacementResponseException("updating the " + what + " of resource provider "
                    + p.uuid(), r);
        }
        LOG.info("Resource provider {} changed in placement since generation {} (attempt {} of {} to write its {}):"
                + " reading it again. {}", p.uuid(), p.generation(), attempt, ATTEMPTS, what, PlacementHttp.errorDetail(r));
        if (attempt < ATTEMPTS) {
            lookup.ensure(p.uuid(), p.name());
        }
    }
}
