package org.computeworker.worker.placement;

/**
 * Placement answered, and the answer means the request cannot succeed as asked. Failing to get an
 * answer at all is a {@link org.computeworker.worker.keystone.ServiceAccessException} instead.
 */
public abstract class PlacementException extends RuntimeException {
    protected PlacementException(String message) {
        super(message);
    }
}
