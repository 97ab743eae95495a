package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.REVERTS_TASK_STATE;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
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
 * nova's reboot_instance (_reboot_instance): reboot pending, then started, the driver reboots (SOFT:
 * a clean shutdown and start, falling back to HARD), active with the power state found. A failed
 * reboot that leaves the guest running is only a fault and a reboot.error notification; one that
 * leaves it down puts the instance in ERROR.
 */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, WRAP_INSTANCE_FAULT})
public final class RebootInstance extends OperationSupport {
    private static final Logger LOG = LoggerFactory.getLogger(RebootInstance.class);

    public RebootInstance(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "reboot_instance";
    }

    @Override
    public void admit(Invocation inv) {
        s.admission().instanceStep(inv, States.REBOOTING, States.REBOOTING_HARD, States.REBOOT_PENDING_HARD);
    }

    @Override
    public JsonNode run(Invocation inv) throws Exception {
        Instance instance = inv.instance();
        boolean soft = "SOFT".equals(inv.args().string("reboot_type"));
        RequestContext ctx = inv.context().elevated();
        instance.setTaskState(soft ? States.REBOOT_PENDING : States.REBOOT_PENDING_HARD);
        List<String> expected = soft ? States.SOFT_REBOOT_STATES : States.HARD_REBOOT_STATES;
        LOG.info("Rebooting instance {}", instance.uuid());
        BlockDeviceMappingList bdms = s.record().blockDevices().forInstance(ctx, instance.uuid());
        s.notifier().reboot(ctx, instance, Phase.START, bdms);
        instance.setPowerState(powerState(instance));
        s.instances().save(ctx, instance, expected);
        if (instance.powerState() != PowerState.RUNNING.code()) {
            LOG.warn("trying to reboot a non-running instance {}: (state: {} expected: {})", instance.uuid(),
                    instance.powerState(), PowerState.RUNNING.code());
        }
        String newVmState = States.RESCUED.equals(instance.vmState()) ? States.RESCUED : States.ACTIVE;
        Integer newPowerState = null;
        try {
            instance.setTaskState(soft ? States.REBOOT_STARTED : States.REBOOT_STARTED_HARD);
            s.instances().save(ctx, instance, List.of(soft ? States.REBOOT_PENDING : States.REBOOT_PENDING_HARD));
            s.driver().reboot(ctx, instance, networkInfo(instance), soft ? "SOFT" : "HARD");
        } catch (Exception error) {
            RecordRetry.rethrowIfUnavailable(error);
            newPowerState = powerState(instance);
            if (newPowerState != PowerState.RUNNING.code()) {
                LOG.error("Cannot reboot instance {}: {}", instance.uuid(), error.getMessage());
                instance.setVmState(States.ERROR);
                s.instances().save(ctx, instance);
                throw error;
            }
            LOG.warn("Reboot failed but instance {} is running", instance.uuid());
            faults.record(ctx, instance.uuid(), error);
            s.notifier().rebootError(ctx, instance, error, bdms);
        }
        instance.setPowerState(newPowerState != null ? newPowerState : powerState(instance));
        instance.setVmState(newVmState);
        instance.setTaskState(null);
        try {
            s.instances().save(ctx, instance);
        } catch (RuntimeException e) {
            if (!InstanceFaults.isInstanceNotFound(e)) {
                throw e;
            }
            LOG.warn("Instance {} disappeared during reboot", instance.uuid());
        }
        s.notifier().reboot(ctx, instance, Phase.END, bdms);
        return null;
    }
}
