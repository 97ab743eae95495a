package org.computeworker.worker.placement;

import org.computeworker.worker.keystone.ServiceResponse;

/**
 * A consumer's allocations could not be read or were changed by someone else between reading and
 * deleting them (nova's AllocationDeleteFailed); nova leaves them for the next periodic run.
 */
public final class AllocationDeleteFailedException extends PlacementException {
    public AllocationDeleteFailedException(String consumer, ServiceResponse response) {
        super("cannot delete the allocations of consumer " + consumer + ": HTTP " + response.status() + " to "
                + response.method() + " " + response.uri() + ": " + response.text());
    }
}
