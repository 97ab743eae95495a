package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.REVERTS_TASK_STATE;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.ERRORS_OUT_MIGRATION;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.notify.Phase;
import org.computeworker.worker.state.MigrationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's finish_revert_resize, on the source: the old flavor, host and node come back, the driver
 * restores the guest it kept, and the instance returns to the power state it had before the resize.
 */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, ERRORS_OUT_MIGRATION, WRAP_INSTANCE_FAULT})
public final class FinishRevertResize extends OperationSupport {
    private static final Logger LOG = LoggerFactory.getLogger(FinishRevertResize.class);
    private final StopInstance stop;

    public FinishRevertResize(ComputeServices services, StopInstance stop) {
        super(services);
        this.stop = stop;
    }

    @Override
    public String method() {
        return "finish_revert_resize";
    }

    @Override
    public void admit(Invocation inv) {
        s.admission().migrationStep(inv, method(), false, States.RESIZE_REVERTING);
    }

    @Override
    public JsonNode run(Invocation inv) throws Exception {
        Instance instance = inv.instance();
        try {
            errorOut.run(inv, States.ACTIVE, () -> {
                revert(inv, instance, inv.migration());
                return null;
            });
        } finally {
            deleteStashedFlavorInfo(inv, instance);
        }
        return null;
    }

    private void revert(Invocation inv, Instance instance, Migration migration) {
        s.notifier().finishRevertResize(inv.context(), instance, Phase.START, null);
        String oldVmState = instance.systemMetadata().getOrDefault(States.OLD_VM_STATE, States.ACTIVE);
        instance.setFlavor(instance.oldFlavor());
        instance.setHost(migration.sourceCompute());
        instance.setNode(migration.sourceNode());
        s.instances().save(inv.context(), instance, List.of(States.RESIZE_REVERTING));
        s.tracker().revertedToSource(instance.uuid(), MigrationStore.key(migration));
        s.allocations().move(migration.uuid(), instance.uuid());

        boolean powerOn = !States.STOPPED.equals(oldVmState);
        s.driver().finishRevertMigration(inv.context(), instance, networkInfo(instance), migration, powerOn);
        s.instances().dropMigrationContext(inv.context(), instance);
        instance.setLaunchedAt(NovaTime.nowSeconds());
        instance.setPowerState(powerState(instance));
        s.instances().save(inv.context(), instance, List.of(States.RESIZE_REVERTING));
        migration.setStatus(States.REVERTED);
        s.migrations().save(inv.context(), migration);
        s.admission().stepDone(migration, method());

        LOG.info("Updating instance to original state: '{}'", oldVmState);
        if (powerOn) {
            instance.setVmState(States.ACTIVE);
            instance.setTaskState(null);
            s.instances().save(inv.context(), instance);
        } else {
            instance.setTaskState(States.POWERING_OFF);
            s.instances().save(inv.context(), instance);
            stop.stop(inv, true);
        }
        s.notifier().finishRevertResize(inv.context(), instance, Phase.END, null);
        s.scheduler().updated(inv.context(), instance);
    }
}
