package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.REVERTS_TASK_STATE;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.ERRORS_OUT_MIGRATION;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.notify.Phase;
import org.computeworker.worker.state.MigrationStore;

/**
 * nova's resize_instance, on the source: migration migrating, task resize_migrating, the driver
 * moves the disks and powers off, migration post-migrating, the instance now belongs to the
 * destination (task resize_migrated), and finish_resize is cast there.
 */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, ERRORS_OUT_MIGRATION, WRAP_INSTANCE_FAULT})
public final class ResizeInstance extends OperationSupport {
    public ResizeInstance(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "resize_instance";
    }

    @Override
    public void admit(Invocation inv) {
        s.admission().migrationStep(inv, method(), false, States.RESIZE_PREP);
    }

    @Override
    public JsonNode run(Invocation inv) throws Exception {
        Instance instance = inv.instance();
        Migration migration = inv.migration();
        Flavor flavor = inv.args().flavor("flavor");
        if (flavor == null) {
            flavor = inv.args().flavor("instance_type"); // 5.x name
        }
        Flavor newFlavor = flavor != null ? flavor : instance.newFlavor();
        errorOut.run(inv, instance.vmState(), () -> {
            var networkInfo = networkInfo(instance);
            migration.setStatus(States.MIGRATING);
            s.migrations().save(inv.context(), migration);
            instance.setTaskState(States.RESIZE_MIGRATING);
            s.instances().save(inv.context(), instance, java.util.Collections.singletonList(States.RESIZE_PREP));
            s.notifier().resize(inv.context(), instance, Phase.START, null);

            Duration[] off = powerOffValues(instance, inv.args().bool("clean_shutdown", true));
            String destHost = migration.destHost() != null ? migration.destHost() : migration.destCompute();
            String diskInfo = s.driver().migrateDiskAndPowerOff(inv.context(), instance, destHost, newFlavor,
                    networkInfo, off[0], off[1]);

            migration.setStatus(States.POST_MIGRATING);
            s.migrations().save(inv.context(), migration);
            s.tracker().holdForRevert(instance.uuid(), MigrationStore.key(migration));
            instance.setHost(migration.destCompute());
            instance.setNode(migration.destNode());
            instance.setOldFlavor(instance.flavor());
            instance.setPowerState(powerState(instance));
            instance.setTaskState(States.RESIZE_MIGRATED);
            s.instances().save(inv.context(), instance, List.of(States.RESIZE_MIGRATING));
            s.admission().stepDone(migration, method());
            s.peers().finishResize(inv.context(), instance, migration, inv.args().image(), diskInfo,
                    migration.destCompute(), inv.args().requestSpec());
            return null;
        });
        s.notifier().resize(inv.context(), instance, Phase.END, null);
        return null;
    }
}
