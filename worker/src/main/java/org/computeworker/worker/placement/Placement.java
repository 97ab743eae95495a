package org.computeworker.worker.placement;

import java.util.Map;
import java.util.Optional;

/**
 * What a compute host asks of placement: nova Zed's report client, the part nova-compute uses.
 * A periodic report calls {@link #ensureProvider}, then {@link #updateInventory} and
 * {@link #updateTraits}; when nothing changed since the last report none of them sends a request.
 *
 * <p>Every method may throw {@link org.computeworker.worker.keystone.ServiceAccessException}
 * (placement or Keystone unreachable, a 5xx, credentials refused): nothing was changed by this
 * client's cache, and the caller tries again at its next run.
 */
public interface Placement {
    /**
     * nova's _ensure_resource_provider for a compute node: the provider with the node's uuid and,
     * when placement has none, a new one named after the hypervisor host name.
     *
     * @return true when this call created the provider
     * @throws ProviderNameConflictException another provider already has that name
     */
    boolean ensureProvider(String rpUuid, String name);

    /**
     * Sets the provider's whole inventory (nova's set_inventory_for_provider).
     *
     * @return true when written; false when placement already had it
     * @throws InventoryInUseException removing or shrinking inventory that allocations use
     * @throws ProviderUpdateConflictException the provider changed under every attempt
     */
    boolean updateInventory(String rpUuid, Map<String, Inventory> inventory);

    /**
     * nova's resource tracker trait sync: the provider keeps the traits others set, gains the
     * supported capability traits and COMPUTE_NODE, loses the unsupported ones, and carries
     * COMPUTE_STATUS_DISABLED exactly when the compute service is disabled.
     *
     * @param capabilityTraits trait to supported, from {@link CapabilityTraits#of}
     * @return true when written; false when placement already had them
     */
    boolean updateTraits(String rpUuid, Map<String, Boolean> capabilityTraits, boolean serviceDisabled);

    /** What this client last knew placement to hold for the provider, without asking placement. */
    Optional<ProviderRecord> cachedProvider(String rpUuid);

    /** GET /allocations/{consumer}: empty when placement knows no such consumer. */
    ConsumerAllocations allocations(String consumerUuid);

    /**
     * nova's delete_allocation_for_instance.
     *
     * @param force DELETE without regard to concurrent changes; otherwise fail on them
     * @return false when the consumer had no allocations
     * @throws AllocationDeleteFailedException with force=false, someone changed the allocations meanwhile
     */
    boolean deleteAllocations(String consumerUuid, boolean force);

    /**
     * nova's move_allocations: everything the source holds goes to the target (a revert moves the
     * migration's allocations back to the instance).
     *
     * @return true when moved, or already moved; false when neither consumer holds anything
     * @throws AllocationMoveFailedException either consumer changed meanwhile
     */
    boolean moveAllocations(String sourceConsumerUuid, String targetConsumerUuid);
}
