package org.computeworker.worker.placement;

/** Allocations could not be moved between consumers (nova's AllocationMoveFailed). */
public final class AllocationMoveFailedException extends PlacementException {
    public AllocationMoveFailedException(String source, String target, String reason) {
        super("cannot move allocations from consumer " + source + " to " + target + ": " + reason);
    }
}
