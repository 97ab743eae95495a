package org.computeworker.worker.compute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
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
        if (!admission.migrationStep(inv, method(), true, (String) null)) {
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
                deleteStashedFlavorInfo(instance);
            }
            return null;
        });
        return null;
    }

    private void confirm(Invocation inv, Instance instance, Migration migration) {
        s.notifier().confirmResize(inv.context(), instance, Phase.START);
        s.driver().confirmMigration(inv.context(), migration, instance, networkInfo(instance));
        migration.setStatus(States.CONFIRMED);
        s.migrations().save(migration);
        s.tracker().dropSourceClaim(instance.uuid(), MigrationStore.key(migration));
        boolean off = instance.powerState() != null && instance.powerState() == PowerState.SHUTDOWN.code();
        instance.setVmState(off ? States.STOPPED : States.ACTIVE);
        instance.setTaskState(null);
        s.instances().save(instance, Arrays.asList(null, "deleting", "soft-deleting"));
        s.migrations().addStep(MigrationStore.key(migration), method());
        s.notifier().confirmResize(inv.context(), instance, Phase.END);
    }
}
