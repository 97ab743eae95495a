package org.computeworker.worker.placement;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.computeworker.messages.Json;
import org.computeworker.worker.keystone.ServiceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's _ensure_resource_provider for a compute node's root provider: nothing while the cache is
 * fresh; otherwise GET the provider's tree, create the provider when placement has none, or read
 * its inventory, aggregates and traits into the cache.
 */
final class ProviderLookup {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderLookup.class);
    /** How placement words a duplicate name; a duplicate uuid carries the same error code, so nova tells them apart by this. */
    private static final String NAME_CONFLICT = "Conflicting resource provider name:";

    private final PlacementHttp http;
    private final ProviderCache cache;
    private final Clock clock;

    ProviderLookup(PlacementHttp http, ProviderCache cache, Clock clock) {
        this.http = http;
        this.cache = cache;
        this.clock = clock;
    }

    /** @return true when this call created the provider */
    boolean ensure(String uuid, String name) {
        if (cache.get(uuid).isPresent() && !cache.stale(uuid, clock.instant())) {
            return false;
        }
        ServiceResponse tree = http.get("/resource_providers?in_tree=" + uuid, Microversions.NESTED_PROVIDERS);
        if (!tree.isSuccess()) {
            throw new UnexpectedPlacementResponseException("reading the provider tree of " + uuid, tree);
        }
        for (JsonNode rp : PlacementHttp.json(tree, "provider tree").path("resource_providers")) {
            if (uuid.equals(rp.path("uuid").asText())) {
                refresh(uuid, rp.path("name").asText());
                return false;
            }
        }
        return create(uuid, name);
    }

    private boolean create(String uuid, String name) {
        ServiceResponse r = http.post("/resource_providers", Json.object().put("uuid", uuid).put("name", name),
                Microversions.CREATE_PROVIDER);
        if (r.isSuccess()) {
            JsonNode rp = PlacementHttp.json(r, "created provider");
            LOG.info("Created resource provider record via placement API for resource provider with UUID {} and"
                    + " name {}.", uuid, name);
            cache.refreshed(ProviderRecord.created(uuid, name, rp.path("generation").asInt()), clock.instant());
            return true;
        }
        if (r.status() == 409 && !r.text().contains(NAME_CONFLICT)) {
            LOG.info("Another thread already created a resource provider with the UUID {}. Grabbing that record"
                    + " from the placement API.", uuid);
            ServiceResponse existing = http.get("/resource_providers/" + uuid, Microversions.NESTED_PROVIDERS);
            if (!existing.isSuccess()) {
                throw new UnexpectedPlacementResponseException("reading resource provider " + uuid, existing);
            }
            JsonNode rp = PlacementHttp.json(existing, "provider");
            // nova takes a provider someone else just created as empty, as if it had created it.
            cache.refreshed(ProviderRecord.created(uuid, rp.path("name").asText(), rp.path("generation").asInt()),
                    clock.instant());
            return false;
        }
        if (r.status() == 409) {
            throw new ProviderNameConflictException(uuid, name, PlacementHttp.errorDetail(r));
        }
        throw new UnexpectedPlacementResponseException("creating resource provider " + uuid + " '" + name + "'", r);
    }

    /** nova's _refresh_associations: inventory, aggregates, traits; each answer carries the generation. */
    private void refresh(String uuid, String name) {
        String base = "/resource_providers/" + uuid;
        JsonNode inv = read(base + "/inventories", null, "inventory");
        JsonNode aggs = read(base + "/aggregates", Microversions.AGGREGATES, "aggregates");
        JsonNode traits = read(base + "/traits", Microversions.TRAITS, "traits");
        ProviderRecord p = new ProviderRecord(uuid, name, traits.path("resource_provider_generation").asInt(),
                Inventory.fromInventories(inv.path("inventories")), strings(traits.path("traits")),
                strings(aggs.path("aggregates")));
        LOG.debug("Refreshed {}", p);
        cache.refreshed(p, clock.instant());
    }

    private JsonNode read(String path, String version, String what) {
        ServiceResponse r = http.get(path, version);
        if (!r.isSuccess()) {
            throw new UnexpectedPlacementResponseException("reading the " + what + " of a resource provider", r);
        }
        return PlacementHttp.json(r, what);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
