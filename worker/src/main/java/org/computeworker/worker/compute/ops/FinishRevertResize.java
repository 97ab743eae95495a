package org.computeworker.worker.compute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.notify.Phase;
import org.computeworker.worker.state.MigrationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's finish_revert_resize, on the source: the old flavor, host and node come back, the driver
 * restores the guest it kept, and the instance returns to the power state it had before the resize.
 */
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
        admission.migrationStep(inv, method(), false, States.RESIZE_REVERTING);
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
            deleteStashedFlavorInfo(instance);
        }
        return null;
    }

    private void revert(Invocation inv, Instance instance, Migration migration) {
        s.notifier().finishRevertResize(inv.context(), instance, Phase.START, null);
        String oldVmState = instance.systemMetadata().getOrDefault(States.OLD_VM_STATE, States.ACTIVE);
        instance.setFlavor(instance.oldFlavor());
        instance.setHost(migration.sourceCompute());
        instance.setNode(migration.sourceNode());
        s.instances().save(instance, List.of(States.RESIZE_REVERTING));
        s.tracker().revertedToSource(instance.uuid(), MigrationStore.key(migration));

        boolean powerOn = !States.STOPPED.equals(oldVmState);
        s.driver().finishRevertMigration(inv.context(), instance, networkInfo(instance), migration, powerOn);
        instance.setLaunchedAt(NovaTime.nowSeconds());
        instance.setPowerState(powerState(instance));
        s.instances().save(instance, List.of(States.RESIZE_REVERTING));
        migration.setStatus(States.REVERTED);
        s.migrations().save(migration);
        s.migrations().addStep(MigrationStore.key(migration), method());

        LOG.info("Updating instance to original state: '{}'", oldVmState);
        if (powerOn) {
            instance.setVmState(States.ACTIVE);
            instance.setTaskState(null);
            s.instances().save(instance);
        } else {
            instance.setTaskState(States.POWERING_OFF);
            s.instances().save(instance);
            stop.stop(inv, true);
        }
        s.notifier().finishRevertResize(inv.context(), instance, Phase.END, null);
    }
}
