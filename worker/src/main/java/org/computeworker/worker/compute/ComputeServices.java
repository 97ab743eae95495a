package org.computeworker.worker.compute;

import org.computeworker.rpc.client.ComputeClient;
import org.computeworker.rpc.client.ConductorClient;
import org.computeworker.worker.compute.resources.ResourceTracker;
import org.computeworker.worker.config.ComputeOptions;
import org.computeworker.worker.notify.Notifier;
import org.computeworker.worker.record.ActionEventRecord;
import org.computeworker.worker.record.InstanceRecord;
import org.computeworker.worker.record.MigrationRecord;
import org.computeworker.worker.record.NovaRecord;
import org.computeworker.worker.state.MigrationStore;
import org.computeworker.worker.virt.ComputeDriver;

/**
 * What the compute operations work with: this host's identity and options, its driver, nova's
 * record (through the conductor or local), this host's own history of migrations, the resource
 * tracker and the placement allocations it owns, the notifier, and the peers it casts to (other computes, the conductor's task API, the
 * scheduler's host updates).
 */
public record ComputeServices(
        String host,
        ComputeOptions options,
        ComputeDriver driver,
        NovaRecord record,
        MigrationStore history,
        Admission admission,
        ResourceTracker tracker,
        Allocations allocations,
        Notifier notifier,
        ComputeClient peers,
        ConductorClient conductor,
        SchedulerUpdates scheduler) {

    public InstanceRecord instances() {
        return record.instances();
    }

    public MigrationRecord migrations() {
        return record.migrations();
    }

    public ActionEventRecord actionEvents() {
        return record.actionEvents();
    }

    /** The node this host reports (one per driver here, as nova's get_available_nodes). */
    public String nodename() {
        return driver.availableNodes().get(0);
    }
}
