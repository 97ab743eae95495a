package org.computeworker.worker.placement;

/** Each attempt to write a provider's inventory or traits lost the race for its generation (nova's ResourceProviderUpdateConflict). */
public final class ProviderUpdateConflictException extends PlacementException {
    public ProviderUpdateConflictException(String uuid, String what, int attempts) {
        super("the " + what + " of resource provider " + uuid + " changed under each of " + attempts
                + " attempts to write it (generation conflict); the next periodic report tries again");
    }
}
