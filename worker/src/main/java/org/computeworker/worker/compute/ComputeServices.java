package org.computeworker.worker.compute;

import org.computeworker.rpc.client.ComputeClient;
import org.computeworker.rpc.client.ConductorClient;
import org.computeworker.worker.compute.resources.ResourceTracker;
import org.computeworker.worker.config.ComputeOptions;
import org.computeworker.worker.notify.Notifier;
import org.computeworker.worker.state.ActionStore;
import org.computeworker.worker.state.FaultStore;
import org.computeworker.worker.state.InstanceStore;
import org.computeworker.worker.state.MigrationStore;
import org.computeworker.worker.virt.ComputeDriver;

/** What the compute operations work with: this host's identity, its driver, state, peers and notifier. */
public record ComputeServices(
        String host,
        ComputeOptions options,
        ComputeDriver driver,
        InstanceStore instances,
        MigrationStore migrations,
        ResourceTracker tracker,
        FaultStore faults,
        ActionStore actions,
        Notifier notifier,
        ComputeClient peers,
        ConductorClient conductor) {

    /** The node this host reports (one per driver here, as nova's get_available_nodes). */
    public String nodename() {
        return driver.availableNodes().get(0);
    }
}
