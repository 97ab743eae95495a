package org.computeworker.worker.record.local;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.MigrationRecord;
import org.computeworker.worker.state.MigrationStore;

/** Standalone: the migrations this host took part in, as its state file holds them, are the record. */
public final class LocalMigrationRecord implements MigrationRecord {
    /** The statuses nova's migration_get_in_progress_and_error_by_host_and_node leaves out. */
    private static final List<String> FINISHED = List.of("confirmed", "reverted", "failed", "completed",
            "cancelled", "done");
    private final MigrationStore store;

    public LocalMigrationRecord(MigrationStore store) {
        this.store = store;
    }

    @Override
    public void save(RequestContext ctx, Migration migration) {
        store.save(migration);
    }

    @Override
    public List<Migration> inProgressAndError(RequestContext ctx, String host, String node) {
        return store.all().stream()
                .filter(m -> host.equals(m.sourceCompute()) && Objects.equals(node, m.sourceNode())
                        || host.equals(m.destCompute()) && Objects.equals(node, m.destNode()))
                .filter(m -> !FINISHED.contains(m.status()))
                .toList();
    }

    @Override
    public Optional<Migration> interruptedMove(RequestContext ctx, Instance instance) {
        return store.forInstance(instance.uuid()).stream()
                .filter(m -> List.of("migrating", "pre-migrating").contains(m.status()))
                .reduce((a, b) -> b);
    }
}
