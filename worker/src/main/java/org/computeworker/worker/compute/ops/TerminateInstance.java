package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.REVERTS_TASK_STATE;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.InstanceFaults;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.RecordRetry;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.notify.Phase;
import org.computeworker.worker.virt.PowerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's terminate_instance (_delete_instance): the guest and its disks are destroyed, the instance
 * is deleted with no power state, its claim and placement allocation released, the schedulers told,
 * and the record destroyed. An instance already gone is fine; any other failure leaves it in ERROR.
 */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, WRAP_INSTANCE_FAULT})
public final class TerminateInstance extends OperationSupport {
    private static final Logger LOG = LoggerFactory.getLogger(TerminateInstance.class);

    public TerminateInstance(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "terminate_instance";
    }

    @Override
    public void admit(Invocation inv) {
        s.admission().deleteStep(inv, States.DELETING, States.SOFT_DELETING);
    }

    @Override
    public JsonNode run(Invocation inv) {
        Instance instance = inv.instance();
        BlockDeviceMappingList bdms = inv.args().blockDeviceMappingList("bdms");
        try {
            delete(inv, instance, bdms);
        } catch (RuntimeException e) {
            RecordRetry.rethrowIfUnavailable(e);
            if (InstanceFaults.isInstanceNotFound(e)) {
                LOG.info("Instance {} disappeared during terminate", instance.uuid());
                return null;
            }
            LOG.error("Setting instance {} vm_state to ERROR: {}", instance.uuid(), e.getMessage());
            instance.setVmState(States.ERROR);
            try {
                s.instances().save(inv.context(), instance);
            } catch (RuntimeException saveFailure) {
                LOG.warn("Failed to set instance {} to ERROR: {}", instance.uuid(), saveFailure.getMessage());
            }
            throw e;
        }
        return null;
    }

    private void delete(Invocation inv, Instance instance, BlockDeviceMappingList bdms) {
        var ctx = inv.context();
        s.notifier().delete(ctx, instance, Phase.START, bdms);
        shutdown(inv, instance, bdms);
        instance.setVmState(States.DELETED);
        instance.setTaskState(null);
        instance.setPowerState(PowerState.NOSTATE.code());
        instance.setTerminatedAt(NovaTime.nowSeconds());
        s.instances().save(ctx, instance);
        s.tracker().releaseInstance(instance.uuid());
        s.allocations().release(instance.uuid(), true);
        s.scheduler().deleted(ctx, instance.uuid());
        s.instances().destroy(ctx, instance);
        s.notifier().delete(ctx, instance, Phase.END, bdms);
    }

    /** nova's _shutdown_instance: the guest goes, with its disks (RBD images too). */
    private void shutdown(Invocation inv, Instance instance, BlockDeviceMappingList bdms) {
        LOG.info("Terminating instance {}", instance.uuid());
        s.notifier().shutdown(inv.context(), instance, Phase.START, bdms);
        long started = System.nanoTime();
        s.driver().destroy(inv.context(), instance, networkInfo(instance), true);
        LOG.info("Took {} seconds to destroy the instance {} on the hypervisor.",
                String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - started) / 1e9), instance.uuid());
        s.notifier().shutdown(inv.context(), instance, Phase.END, bdms);
    }
}
