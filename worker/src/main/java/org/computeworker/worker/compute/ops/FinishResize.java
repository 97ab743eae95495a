package org.computeworker.worker.compute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.notify.Phase;
import org.computeworker.worker.state.MigrationStore;

/**
 * nova's finish_resize, on the destination: the new flavor applies (the old one is kept), the
 * driver brings the guest up at its new size (running unless it was stopped), migration finished,
 * vm_state resized. On failure the instance is in ERROR and this host's claim is dropped.
 */
public final class FinishResize extends OperationSupport {
    public FinishResize(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "finish_resize";
    }

    @Override
    public void admit(Invocation inv) {
        admission.migrationStep(inv, method(), false, States.RESIZE_MIGRATED);
    }

    @Override
    public JsonNode run(Invocation inv) throws Exception {
        Instance instance = inv.instance();
        Migration migration = inv.migration();
        try {
            errorOut.run(inv, States.ACTIVE, () -> {
                finish(inv, instance, migration);
                return null;
            });
        } catch (Exception e) {
            s.tracker().dropDestClaim(instance.uuid(), MigrationStore.key(migration), false);
            throw e;
        }
        s.notifier().finishResize(inv.context(), instance, Phase.END, null);
        return null;
    }

    private void finish(Invocation inv, Instance instance, Migration migration) {
        Flavor oldFlavor = instance.flavor();
        String oldVmState = instance.systemMetadata().getOrDefault(States.OLD_VM_STATE, States.ACTIVE);
        instance.setOldFlavor(oldFlavor);
        boolean flavorChanged = !Objects.equals(migration.oldInstanceTypeId(), migration.newInstanceTypeId());
        boolean resizeDisks = false;
        if (flavorChanged) {
            Flavor newFlavor = instance.newFlavor();
            instance.setFlavor(newFlavor);
            resizeDisks = oldFlavor.rootGb() != newFlavor.rootGb() || oldFlavor.swapMb() != newFlavor.swapMb()
                    || oldFlavor.ephemeralGb() != newFlavor.ephemeralGb();
        }
        var networkInfo = networkInfo(instance);
        instance.setTaskState(States.RESIZE_FINISH);
        s.instances().save(instance, List.of(States.RESIZE_MIGRATED));
        s.notifier().finishResize(inv.context(), instance, Phase.START, null);

        boolean powerOn = !States.STOPPED.equals(oldVmState);
        try {
            s.driver().finishMigration(inv.context(), migration, instance, inv.args().string("disk_info"),
                    networkInfo, inv.args().image(), resizeDisks, powerOn);
        } catch (RuntimeException e) {
            if (flavorChanged) {
                instance.setFlavor(oldFlavor); // the error handlers save the instance as it was
            }
            throw e;
        }
        migration.setStatus(States.FINISHED);
        s.migrations().save(migration);
        instance.setPowerState(powerState(instance));
        instance.setVmState(States.RESIZED);
        instance.setTaskState(null);
        instance.setLaunchedAt(NovaTime.nowSeconds());
        s.instances().save(instance, List.of(States.RESIZE_FINISH));
        s.tracker().resizeFinished(instance.uuid(), MigrationStore.key(migration));
        s.migrations().addStep(MigrationStore.key(migration), method());
    }
}
