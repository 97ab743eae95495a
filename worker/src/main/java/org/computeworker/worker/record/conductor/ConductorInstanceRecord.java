package org.computeworker.worker.record.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.errors.UnexpectedTaskStateError;
import org.computeworker.worker.record.InstanceRecord;

/** nova's Instance methods run by the conductor, as nova-compute runs them. */
public final class ConductorInstanceRecord implements InstanceRecord {
    /** What the operations read of an instance, asked for wherever nova-compute loads one. */
    static final List<String> EXPECTED_ATTRS = List.of("metadata", "system_metadata", "info_cache", "flavor",
            "migration_context");

    private final ConductorCalls conductor;

    public ConductorInstanceRecord(ConductorCalls conductor) {
        this.conductor = conductor;
    }

    @Override
    public void save(RequestContext ctx, Instance instance, Collection<String> expectedTaskStates) {
        var kwargs = ConductorCalls.kwargs();
        if (expectedTaskStates != null) {
            kwargs.set("expected_task_state", ConductorCalls.args(new ArrayList<>(expectedTaskStates).toArray()));
        }
        conductor.action(ctx, instance, "save", kwargs);
    }

    @Override
    public Optional<Instance> get(RequestContext ctx, String uuid) {
        try {
            JsonNode found = conductor.classAction(ctx, Instance.OBJ_NAME, "get_by_uuid", ConductorCalls.args(uuid),
                    ConductorCalls.kwargs("expected_attrs", EXPECTED_ATTRS));
            return Optional.ofNullable(Instance.from(found));
        } catch (NovaException e) {
            if (e.is(NovaError.INSTANCE_NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void destroy(RequestContext ctx, Instance instance) {
        conductor.action(ctx, instance, "destroy", ConductorCalls.kwargs());
    }

    @Override
    public void dropMigrationContext(RequestContext ctx, Instance instance) {
        conductor.action(ctx, instance, "drop_migration_context", ConductorCalls.kwargs());
    }

    @Override
    public List<Instance> onHost(RequestContext ctx, String host) {
        JsonNode list = conductor.classAction(ctx, "InstanceList", "get_by_host", ConductorCalls.args(host),
                ConductorCalls.kwargs("expected_attrs", EXPECTED_ATTRS));
        List<Instance> out = new ArrayList<>();
        list.path("nova_object.data").path("objects").forEach(o -> out.add(Instance.from(o)));
        return out;
    }

    @Override
    public PowerSync syncPowerState(RequestContext ctx, String uuid, String host, int powerState) {
        Optional<Instance> found = get(ctx, uuid);
        if (found.isEmpty()) {
            return PowerSync.UNKNOWN_INSTANCE;
        }
        Instance instance = found.get();
        if (!Objects.equals(host, instance.host())) {
            return PowerSync.OTHER_HOST;
        }
        if (instance.taskState() != null) {
            return PowerSync.TASK_PENDING;
        }
        if (Objects.equals(instance.powerState(), powerState)) {
            return PowerSync.UNCHANGED;
        }
        instance.setPowerState(powerState);
        try {
            save(ctx, instance, java.util.Collections.singletonList(null));
        } catch (UnexpectedTaskStateError e) {
            return PowerSync.TASK_PENDING;
        }
        return PowerSync.UPDATED;
    }
}
