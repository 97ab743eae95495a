package org.computeworker.worker.record.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.record.MigrationRecord;
import org.computeworker.worker.state.MigrationStore;

/**
 * nova's Migration methods run by the conductor. Every save is also kept in this host's own
 * history of its migrations, which tells a repeated or stale resize step from a new one.
 */
public final class ConductorMigrationRecord implements MigrationRecord {
    private final ConductorCalls conductor;
    private final MigrationStore history;

    public ConductorMigrationRecord(ConductorCalls conductor, MigrationStore history) {
        this.conductor = conductor;
        this.history = history;
    }

    @Override
    public void save(RequestContext ctx, Migration migration) {
        conductor.action(ctx, migration, "save", ConductorCalls.kwargs());
        history.save(migration.copy());
    }

    @Override
    public List<Migration> inProgressAndError(RequestContext ctx, String host, String node) {
        JsonNode list = conductor.classAction(ctx, "MigrationList", "get_in_progress_and_error",
                ConductorCalls.args(host, node), ConductorCalls.kwargs());
        List<Migration> out = new ArrayList<>();
        list.path("nova_object.data").path("objects").forEach(o -> out.add(Migration.from(o)));
        return out;
    }

    @Override
    public Optional<Migration> interruptedMove(RequestContext ctx, Instance instance) {
        JsonNode context = instance.child("migration_context");
        JsonNode id = context == null ? null : context.path("nova_object.data").get("migration_id");
        if (id == null || !id.canConvertToInt()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Migration.from(conductor.classAction(ctx, Migration.OBJ_NAME,
                    "get_by_id_and_instance", ConductorCalls.args(id.intValue(), instance.uuid()),
                    ConductorCalls.kwargs())));
        } catch (NovaException e) {
            if (e.is(NovaError.MIGRATION_NOT_FOUND_FOR_INSTANCE)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
