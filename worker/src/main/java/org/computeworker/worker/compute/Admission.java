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
 * The fence every compute message passes before it changes anything, refusing a stale or repeated
 * message with UnexpectedTaskStateError and nothing applied:
 * <ul>
 * <li>the message's instance carries the task_state the API set for this method;</li>
 * <li>resize steps: the migration has not failed here, this host has not already done this step
 *     for it, and the message's migration is not older than the one this host last saw (this
 *     host's own history, kept in both modes);</li>
 * <li>standalone only, where the worker's file is the record: the instance is idle here in the
 *     vm_state the message saw (or this host already holds the step), and a message that passes is
 *     adopted as the record. With the conductor, nova's database is the record and its
 *     compare-and-swap saves finish the fence, as in nova.</li>
 * </ul>
 */
public final class Admission {
    private final InstanceStore heldInstances;
    private final MigrationStore history;

    /** @param heldInstances the instances this host's file holds as the record; null with the conductor */
    public Admission(InstanceStore heldInstances, MigrationStore history) {
        this.heldInstances = heldInstances;
        this.history = history;
    }

    /** For instance operations: the API moved the instance from idle to one of {@code entryTaskStates}. */
    public void instanceStep(Invocation inv, String... entryTaskStates) {
        Instance incoming = inv.instance();
        List<String> entry = Arrays.asList(entryTaskStates);
        Optional<InstanceStore.Summary> held = heldInstances == null ? Optional.empty()
                : heldInstances.summary(incoming.uuid());
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
        adopt(incoming);
    }

    /**
     * For a delete: the API may delete an instance in any state, whatever task was running, so only
     * the message's task_state is checked.
     */
    public void deleteStep(Invocation inv, String... entryTaskStates) {
        Instance incoming = inv.instance();
        List<String> entry = Arrays.asList(entryTaskStates);
        if (!entry.contains(incoming.taskState())) {
            throw NovaErrors.unexpectedTaskState(incoming.uuid(), Fields.of("task_state", entry),
                    Fields.of("task_state", incoming.taskState()));
        }
        adopt(incoming);
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
        Optional<Migration> held = history.find(key);
        if (held.isPresent()) {
            Migration local = held.get();
            Set<String> done = history.steps(key);
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
        adopt(incoming);
        history.save(migration.copy());
        return true;
    }

    /** Records that this host completed {@code step} for the migration (a repeat of it is refused). */
    public void stepDone(Migration migration, String step) {
        history.addStep(MigrationStore.key(migration), step);
    }

    private void adopt(Instance incoming) {
        if (heldInstances != null) {
            heldInstances.put(incoming);
        }
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
