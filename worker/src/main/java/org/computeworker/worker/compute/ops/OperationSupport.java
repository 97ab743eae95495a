package org.computeworker.worker.compute.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.InstanceInfoCache;
import org.computeworker.messages.objects.Selection;
import org.computeworker.worker.compute.ComputeOperation;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.ErrorOut;
import org.computeworker.worker.compute.InstanceFaults;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.virt.PowerState;

/** What the compute operations share: their services and nova's small helpers. */
abstract class OperationSupport implements ComputeOperation {
    /** nova's [compute] shutdown_retry_interval default. */
    static final Duration SHUTDOWN_RETRY_INTERVAL = Duration.ofSeconds(10);

    final ComputeServices s;
    final ErrorOut errorOut;
    final InstanceFaults faults;

    OperationSupport(ComputeServices services) {
        this.s = services;
        this.errorOut = new ErrorOut(services.instances());
        this.faults = new InstanceFaults(services.record().faults(), services.host());
    }

    /** The instance's network_info from its info cache (nova asks neutron; the cache is what travels). */
    static ArrayNode networkInfo(Instance instance) {
        InstanceInfoCache cache = instance.infoCache();
        return cache == null ? Json.array() : cache.networkInfo();
    }

    /** nova's _get_power_state: the driver's view, NOSTATE when the guest is not there. */
    int powerState(Instance instance) {
        try {
            return s.driver().info(instance).state().code();
        } catch (RuntimeException e) {
            if (InstanceFaults.isInstanceNotFound(e)) {
                return PowerState.NOSTATE.code();
            }
            throw e;
        }
    }

    /** nova's _get_power_off_values: a clean shutdown waits shutdown_timeout (or the image's own). */
    Duration[] powerOffValues(Instance instance, boolean cleanShutdown) {
        if (!cleanShutdown) {
            return new Duration[] {Duration.ZERO, Duration.ZERO};
        }
        String own = instance.systemMetadata().get("image_os_shutdown_timeout");
        int timeout = s.options().shutdownTimeoutSeconds();
        if (own != null) {
            try {
                timeout = Integer.parseInt(own.strip());
            } catch (NumberFormatException ignored) {
                // nova falls back to the configured value too
            }
        }
        return new Duration[] {Duration.ofSeconds(timeout), SHUTDOWN_RETRY_INTERVAL};
    }

    /** Alternates the scheduler left for a reschedule: the host_list entries that are not this host. */
    List<Selection> alternates(Invocation inv) {
        return inv.args().hostList().stream().filter(sel -> !s.host().equals(sel.serviceHost())).toList();
    }

    /** nova's _delete_stashed_flavor_info. */
    void deleteStashedFlavorInfo(Invocation inv, Instance instance) {
        instance.setOldFlavor(null);
        instance.setNewFlavor(null);
        instance.putSystemMetadata(States.OLD_VM_STATE, null);
        s.instances().save(inv.context(), instance);
    }
}
