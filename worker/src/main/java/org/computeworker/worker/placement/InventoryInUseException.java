package org.computeworker.worker.placement;

/** Inventory cannot be removed or shrunk below what allocations use (placement.inventory.inuse). */
public final class InventoryInUseException extends PlacementException {
    public InventoryInUseException(String uuid, String detail) {
        super("inventory of resource provider " + uuid + " is in use by allocations: " + detail);
    }
}
