package org.computeworker.worker.record;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;

/** nova's Instance and InstanceList methods a compute host calls. */
public interface InstanceRecord {
    /**
     * {@code instance.save(expected_task_state=...)}: writes the instance's changed fields when the
     * recorded task_state is one of {@code expectedTaskStates} (which may hold null; null itself
     * means no expectation), and takes back what the record set (updated_at, ...).
     *
     * @throws org.computeworker.worker.errors.UnexpectedTaskStateError the recorded task_state differs
     * @throws org.computeworker.worker.errors.NovaException            InstanceNotFound and the like
     */
    void save(RequestContext ctx, Instance instance, Collection<String> expectedTaskStates);

    default void save(RequestContext ctx, Instance instance) {
        save(ctx, instance, null);
    }

    /** {@code Instance.get_by_uuid} with the fields the operations read. */
    Optional<Instance> get(RequestContext ctx, String uuid);

    /** {@code instance.destroy()}: the instance is deleted from the record. */
    void destroy(RequestContext ctx, Instance instance);

    /** {@code instance.drop_migration_context()}. */
    void dropMigrationContext(RequestContext ctx, Instance instance);

    /** {@code InstanceList.get_by_host}: the instances the record places on {@code host}. */
    List<Instance> onHost(RequestContext ctx, String host);

    /** What {@link #syncPowerState} found and did. */
    enum PowerSync { UNKNOWN_INSTANCE, OTHER_HOST, TASK_PENDING, UNCHANGED, UPDATED }

    /**
     * nova's {@code _sync_instance_power_state} for a hypervisor event: records {@code powerState}
     * when the instance is on {@code host} and no task runs on it; anything else is left untouched.
     */
    PowerSync syncPowerState(RequestContext ctx, String uuid, String host, int powerState);
}
