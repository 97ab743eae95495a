package org.computeworker.worker.placement;

import org.computeworker.worker.keystone.ServiceResponse;

/** A trait placement does not know and would not create: only CUSTOM_ traits can be created. */
public final class TraitCreationFailedException extends PlacementException {
    public TraitCreationFailedException(String trait, ServiceResponse response) {
        super("trait " + trait + " is not known to placement and cannot be created (HTTP " + response.status()
                + " to PUT " + response.uri() + "): " + response.text());
    }
}
