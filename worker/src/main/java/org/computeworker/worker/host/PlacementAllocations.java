package org.computeworker.worker.host;

import org.computeworker.worker.compute.Allocations;
import org.computeworker.worker.keystone.ServiceAccessException;
import org.computeworker.worker.placement.Placement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocations a compute releases or moves, through placement. As nova's report client does
 * (safe_connect), an unreachable placement is logged, naming it and its URL, and the operation goes
 * on: the allocation is left for the operator or the next audit; a conflict is raised.
 */
public final class PlacementAllocations implements Allocations {
    private static final Logger LOG = LoggerFactory.getLogger(PlacementAllocations.class);
    private final Placement placement;

    public PlacementAllocations(Placement placement) {
        this.placement = placement;
    }

    @Override
    public void release(String consumerUuid, boolean force) {
        try {
            if (placement.deleteAllocations(consumerUuid, force)) {
                LOG.info("Deleted allocations for consumer {}", consumerUuid);
            }
        } catch (ServiceAccessException e) {
            LOG.error("could not delete the allocations of consumer {} in placement: {}", consumerUuid,
                    e.getMessage());
        }
    }

    @Override
    public void move(String fromConsumer, String toConsumer) {
        try {
            if (placement.moveAllocations(fromConsumer, toConsumer)) {
                LOG.info("Swapped the allocations held by {} back to {}", fromConsumer, toConsumer);
            } else {
                LOG.error("Did not find resource allocations for {}: unable to move them to {}", fromConsumer,
                        toConsumer);
            }
        } catch (ServiceAccessException e) {
            LOG.error("could not move the allocations of {} to {} in placement: {}", fromConsumer, toConsumer,
                    e.getMessage());
        }
    }
}
