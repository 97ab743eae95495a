package org.computeworker.worker.placement;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.computeworker.worker.keystone.ServiceResponse;

/**
 * nova's _ensure_traits and _ensure_resource_classes: the names an inventory or trait write uses
 * must exist in placement first. Standard names always do; CUSTOM_ ones are created on demand.
 */
final class PlacementNames {
    private static final String CUSTOM = "CUSTOM_";

    private final PlacementHttp http;

    PlacementNames(PlacementHttp http) {
        this.http = http;
    }

    /**
     * Asks which of the traits placement knows and tries to create the others, as nova does: a
     * missing standard trait (an os-traits newer than placement's) fails rather than being skipped.
     */
    void ensureTraits(Collection<String> traits) {
        if (traits.isEmpty()) {
            return;
        }
        ServiceResponse r = http.get("/traits?name=in:" + String.join(",", new TreeSet<>(traits)),
                Microversions.TRAITS);
        if (!r.isSuccess()) {
            throw new UnexpectedPlacementResponseException("reading the list of traits", r);
        }
        Set<String> missing = new TreeSet<>(traits);
        for (JsonNode known : PlacementHttp.json(r, "traits").path("traits")) {
            missing.remove(known.asText());
        }
        for (String trait : missing) {
            ServiceResponse created = http.put("/traits/" + trait, null, Microversions.TRAITS);
            if (!created.isSuccess()) {
                throw new TraitCreationFailedException(trait, created);
            }
        }
    }

    void ensureResourceClasses(Collection<String> resourceClasses) {
        for (String rc : new TreeSet<>(resourceClasses)) {
            if (!rc.startsWith(CUSTOM)) {
                continue;
            }
            ServiceResponse r = http.put("/resource_classes/" + rc, null, Microversions.RESOURCE_CLASS);
            if (!r.isSuccess()) {
                throw new UnexpectedPlacementResponseException("creating resource class " + rc, r);
            }
        }
    }
}
