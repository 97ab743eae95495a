package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.ERRORS_OUT_MIGRATION;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.notify.Phase;
import org.computeworker.worker.state.MigrationStore;
import org.computeworker.worker.virt.PowerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's confirm_resize, on the source: the driver cleans up what it kept for a revert, the old
 * claim is released, migration confirmed, the instance active (or stopped if it is powered off).
 * Confirming twice is a no-op, as in nova.
 */
@NovaDecorators({WRAP_EXCEPTION, WRAP_INSTANCE_EVENT, ERRORS_OUT_MIGRATION, WRAP_INSTANCE_FAULT})
public final class ConfirmResize extends OperationSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmResize.class);

    public ConfirmResize(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "confirm_resize";
    }

    @Override
    public void admit(Invocation inv) {
        if (!s.admission().migrationStep(inv, method(), true, (String) null)) {
            inv.migration().setStatus(States.CONFIRMED); // the run below sees it is already done
        }
    }

    @Override
    public JsonNode run(Invocation inv) throws Exception {
        Instance instance = inv.instance();
        Migration migration = inv.migration();
        if (States.CONFIRMED.equals(migration.status())) {
            LOG.info("Migration {} is already confirmed", MigrationStore.key(migration));
            return null;
        }
        if (!Arrays.asList(States.FINISHED, States.CONFIRMING).contains(migration.status())) {
            LOG.warn("Unexpected confirmation status '{}' of migration {}, exit confirmation process",
                    migration.status(), MigrationStore.key(migration));
            return null;
        }
        errorOut.run(inv, States.ACTIVE, () -> {
            try {
                confirm(inv, instance, migration);
            } finally {
                // whatever happened here, the instance now lives on the destination
                s.allocations().release(migration.uuid(), false);
                s.scheduler().deleted(inv.context(), instance.uuid());
                deleteStashedFlavorInfo(inv, instance);
            }
            return null;
        });
        return null;
    }

    private void confirm(Invocation inv, Instance instance, Migration migration) {
        s.notifier().confirmResize(inv.context(), instance, Phase.START);
        s.driver().confirmMigration(inv.context(), migration, instance, networkInfo(instance));
        migration.setStatus(States.CONFIRMED);
        s.migrations().save(inv.context(), migration);
        s.tracker().dropSourceClaim(instance.uuid(), MigrationStore.key(migration));
        s.instances().dropMigrationContext(inv.context(), instance);
        boolean off = instance.powerState() != null && instance.powerState() == PowerState.SHUTDOWN.code();
        instance.setVmState(off ? States.STOPPED : States.ACTIVE);
        instance.setTaskState(null);
        s.instances().save(inv.context(), instance, Arrays.asList(null, "deleting", "soft-deleting"));
        s.admission().stepDone(migration, method());
        s.notifier().confirmResize(inv.context(), instance, Phase.END);
    }
}
