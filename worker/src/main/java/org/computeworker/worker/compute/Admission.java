package org.computeworker.worker.compute;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.worker.errors.Fields;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.state.InstanceStore;
import org.computeworker.worker.state.MigrationStore;

/**
 * The fence every compute message passes before it changes anything. nova trusts its shared
 * database for this; a worker with local state checks the message against what it holds:
 * <ul>
 * <li>plain instance operations: the instance is idle here in the same vm_state the message saw,
 *     and the message carries the task_state the API set (or this host already holds it);</li>
 * <li>resize operations: the migration has not failed here, this host has not already done this
 *     step for it, the message's migration is not older than the one held here, and the instance
 *     carries the task_state the step starts from.</li>
 * </ul>
 * A message that fails is stale or repeated: UnexpectedTaskStateError, nothing applied. One that
 * passes is adopted: its instance and migration become this host's view.
 */
public final class Admission {
    private final InstanceStore instances;
    private final MigrationStore migrations;

    public Admission(InstanceStore instances, MigrationStore migrations) {
        this.instances = instances;
        this.migrations = migrations;
    }

    /** For start/stop/build: the API moved the instance from idle to one of {@code entryTaskStates}. */
    public void instanceStep(Invocation inv, String... entryTaskStates) {
        Instance incoming = inv.instance();
        List<String> entry = Arrays.asList(entryTaskStates);
        Optional<InstanceStore.Summary> held = instances.summary(incoming.uuid());
        if (held.isPresent()) {
            InstanceStore.Summary local = held.get();
            boolean sameStep = local.taskState() != null && local.taskState().equals(incoming.taskState())
                    && entry.contains(local.taskState());
            boolean apiTransition = local.taskState() == null && entry.contains(incoming.taskState())
                    && vmStatesAgree(local.vmState(), incoming.vmState());
            if (!sameStep && !apiTransition) {
                throw NovaErrors.unexpectedTaskState(incoming.uuid(),
                        Fields.of("task_state", entry, "vm_state", List.of(incoming.vmState())),
                        Fields.of("task_state", local.taskState(), "vm_state", local.vmState()));
            }
        } else if (!entry.contains(incoming.taskState())) {
            throw NovaErrors.unexpectedTaskState(incoming.uuid(), Fields.of("task_state", entry),
                    Fields.of("task_state", incoming.taskState()));
        }
        instances.put(incoming);
    }

    /**
     * For a resize step named {@code step}: the migration fence, then the instance's task_state.
     * Returns false when this host already completed the step and {@code repeatIsNoOp} (nova's
     * "already confirmed"), true when the step should run.
     */
    public boolean migrationStep(Invocation inv, String step, boolean repeatIsNoOp, String... entryTaskStates) {
        Instance incoming = inv.instance();
        Migration migration = inv.migration();
        if (migration == null) {
            throw new org.computeworker.messages.MalformedMessageException("argument 'migration' is missing");
        }
        String key = MigrationStore.key(migration);
        Optional<Migration> held = migrations.find(key);
        if (held.isPresent()) {
            Migration local = held.get();
            Set<String> done = migrations.steps(key);
            if (done.contains(step)) {
                if (repeatIsNoOp) {
                    return false;
                }
                throw migrationConflict(incoming, migration, local, step + " already done here");
            }
            if (States.MIGRATION_ERROR.equals(local.status())) {
                throw migrationConflict(incoming, migration, local, "the migration failed here");
            }
            if (States.migrationRank(migration.status()) < States.migrationRank(local.status())) {
                throw migrationConflict(incoming, migration, local, "the message's migration is older");
            }
        }
        List<String> entry = Arrays.asList(entryTaskStates);
        if (!entry.contains(incoming.taskState())) {
            throw NovaErrors.unexpectedTaskState(incoming.uuid(), Fields.of("task_state", entry),
                    Fields.of("task_state", incoming.taskState()));
        }
        instances.put(incoming);
        migrations.save(migration);
        return true;
    }

    /**
     * A destination holds {@code resized} until the source confirms, and the source does not tell
     * it: a held resized instance agrees with the active or stopped one the API now sends.
     */
    static boolean vmStatesAgree(String held, String incoming) {
        return Objects.equals(held, incoming)
                || States.RESIZED.equals(held) && (States.ACTIVE.equals(incoming) || States.STOPPED.equals(incoming));
    }

    /** A migration that does not fit: nova's shape, with the migration's status as the checked field. */
    private static RuntimeException migrationConflict(Instance incoming, Migration message, Migration local,
                                                      String why) {
        return NovaErrors.unexpectedTaskState(incoming.uuid(),
                Fields.of("task_state", List.of(String.valueOf(incoming.taskState())), "migration_status",
                        List.of(String.valueOf(message.status()))),
                Fields.of("task_state", incoming.taskState(), "migration_status", local.status() + " (" + why + ")"));
    }
}
