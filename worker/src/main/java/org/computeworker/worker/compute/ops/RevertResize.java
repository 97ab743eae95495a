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
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.state.MigrationStore;

/**
 * nova's revert_resize, on the destination: the guest here is destroyed, this host's claim is
 * dropped (migration reverted), and finish_revert_resize is cast to the source.
 */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, ERRORS_OUT_MIGRATION, WRAP_INSTANCE_FAULT})
public final class RevertResize extends OperationSupport {
    public RevertResize(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "revert_resize";
    }

    @Override
    public void admit(Invocation inv) {
        s.admission().migrationStep(inv, method(), false, States.RESIZE_REVERTING);
    }

    @Override
    public JsonNode run(Invocation inv) throws Exception {
        Instance instance = inv.instance();
        Migration migration = inv.migration();
        s.notifier().revertResizeAtDestination(inv.context(), instance);
        errorOut.run(inv, States.ACTIVE, () -> {
            boolean sameHost = migration.sourceCompute() != null && migration.sourceCompute().equals(s.host());
            // nova's _is_instance_storage_shared: on shared block storage (RBD) the source gets back the very
            // disks this host used, so removing "our" copy would remove the instance's only disk
            boolean destroyDisks = !sameHost && !s.driver().hasSharedBlockStorage(instance);
            s.driver().destroy(inv.context(), instance, networkInfo(instance), destroyDisks);
            migration.setStatus(States.REVERTED);
            s.migrations().save(inv.context(), migration);
            s.tracker().dropDestClaim(instance.uuid(), MigrationStore.key(migration), true);
            s.instances().save(inv.context(), instance, List.of(States.RESIZE_REVERTING));
            s.admission().stepDone(migration, method());
            s.peers().finishRevertResize(inv.context(), instance, migration, migration.sourceCompute(),
                    inv.args().requestSpec());
            return null;
        });
        return null;
    }
}
