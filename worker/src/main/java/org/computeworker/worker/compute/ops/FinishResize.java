package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.REVERTS_TASK_STATE;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.ERRORS_OUT_MIGRATION;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.RecordRetry;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.notify.Phase;
import org.computeworker.worker.state.MigrationStore;

/**
 * nova's finish_resize, on the destination: the new flavor applies (the old one is kept), the
 * driver brings the guest up at its new size (running unless it was stopped), migration finished,
 * vm_state resized. On failure the instance is in ERROR and this host's claim is dropped.
 */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, ERRORS_OUT_MIGRATION, WRAP_INSTANCE_FAULT})
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
        s.admission().migrationStep(inv, method(), false, States.RESIZE_MIGRATED);
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
            RecordRetry.rethrowIfUnavailable(e);
            s.tracker().dropDestClaim(instance.uuid(), MigrationStore.key(migration), false);
            throw e;
        }
        s.scheduler().updated(inv.context(), instance);
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
        s.instances().save(inv.context(), instance, List.of(States.RESIZE_MIGRATED));
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
        s.migrations().save(inv.context(), migration);
        instance.setPowerState(powerState(instance));
        instance.setVmState(States.RESIZED);
        instance.setTaskState(null);
        instance.setLaunchedAt(NovaTime.nowSeconds());
        s.instances().save(inv.context(), instance, List.of(States.RESIZE_FINISH));
        s.tracker().resizeFinished(instance.uuid(), MigrationStore.key(migration));
        s.admission().stepDone(migration, method());
    }
}
