package org.computeworker.worker.record.local;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.InstanceRecord;
import org.computeworker.worker.state.InstanceStore;

/** Standalone: the instances this host holds in its state file are the record. */
public final class LocalInstanceRecord implements InstanceRecord {
    private final InstanceStore store;

    public LocalInstanceRecord(InstanceStore store) {
        this.store = store;
    }

    public InstanceStore store() {
        return store;
    }

    @Override
    public void save(RequestContext ctx, Instance instance, Collection<String> expectedTaskStates) {
        store.save(instance, expectedTaskStates);
    }

    @Override
    public Optional<Instance> get(RequestContext ctx, String uuid) {
        return store.find(uuid);
    }

    @Override
    public void destroy(RequestContext ctx, Instance instance) {
        store.delete(instance.uuid());
    }

    @Override
    public void dropMigrationContext(RequestContext ctx, Instance instance) {
        if (instance.isSet("migration_context")) {
            instance.setField("migration_context", null);
            store.save(instance);
        }
    }

    @Override
    public List<Instance> onHost(RequestContext ctx, String host) {
        return store.all().stream().filter(i -> host.equals(i.host())).toList();
    }

    @Override
    public PowerSync syncPowerState(RequestContext ctx, String uuid, String host, int powerState) {
        return PowerSync.valueOf(store.syncPowerState(uuid, host, powerState).name());
    }
}
