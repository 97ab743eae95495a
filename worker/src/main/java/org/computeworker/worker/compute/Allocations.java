package org.computeworker.worker.compute;

/**
 * The placement allocations a compute host owns, as nova's compute manager changes them through
 * its report client: the scheduler and conductor make them, the compute releases them when a
 * move ends or an instance goes.
 */
public interface Allocations {
    /**
     * delete_allocation_for_instance: what {@code consumerUuid} (an instance or a migration) holds is
     * released; without {@code force} a concurrent change to them is a conflict, as for a migration.
     */
    void release(String consumerUuid, boolean force);

    /** move_allocations: what {@code fromConsumer} holds now belongs to {@code toConsumer} (a revert). */
    void move(String fromConsumer, String toConsumer);

    /** Standalone: there is no placement. */
    Allocations NONE = new Allocations() {
        @Override
        public void release(String consumerUuid, boolean force) {
        }

        @Override
        public void move(String fromConsumer, String toConsumer) {
        }
    };
}
