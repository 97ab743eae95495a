package org.computeworker.worker.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.worker.errors.Fields;
import org.computeworker.worker.errors.NovaErrors;

/**
 * The instances this host knows, as full nova objects. {@link #save} is nova's
 * {@code instance.save(expected_task_state=...)}: a compare-and-swap on the stored task_state.
 */
public final class InstanceStore {
    private final Database db;
    private final GroupCommitWriter writer;

    public InstanceStore(Database db, GroupCommitWriter writer) {
        this.db = db;
        this.writer = writer;
    }

    public Optional<Instance> find(String uuid) {
        return db.read(c -> find(c, uuid));
    }

    private static Optional<Instance> find(java.sql.Connection c, String uuid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT primitive FROM instances WHERE uuid = ? AND deleted = 0")) {
            p.setString(1, uuid);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(Instance.from(Json.parse(rs.getString(1)))) : Optional.empty();
            }
        }
    }

    public List<Instance> all() {
        return db.read(c -> {
            List<Instance> out = new ArrayList<>();
            try (var s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT primitive FROM instances WHERE deleted = 0 ORDER BY uuid")) {
                while (rs.next()) {
                    out.add(Instance.from(Json.parse(rs.getString(1))));
                }
            }
            return out;
        });
    }

    /** Records the instance as given (adopting a newer view from the wire), without a check. */
    public void put(Instance instance) {
        instance.resetChanges();
        ObjectNode primitive = instance.copyPrimitive();
        join(writer.submit(c -> {
            upsert(c, instance.uuid(), primitive);
            return null;
        }));
    }

    /**
     * Saves the instance if the stored task_state is one of {@code expectedTaskStates} (which may
     * contain null); with no expectation it saves unconditionally. Sets updated_at as nova's DB does.
     */
    public void save(Instance instance, Collection<String> expectedTaskStates) {
        instance.setUpdatedAt(NovaTime.nowSeconds());
        instance.resetChanges();
        ObjectNode primitive = instance.copyPrimitive();
        String uuid = instance.uuid();
        Object[] conflict = join(writer.submit(c -> {
            if (expectedTaskStates != null) {
                Optional<String[]> current = currentTaskState(c, uuid);
                String actual = current.map(a -> a[0]).orElse(null);
                if (current.isPresent() && !expectedTaskStates.contains(actual)) {
                    return new Object[] {actual};
                }
            }
            upsert(c, uuid, primitive);
            return null;
        }));
        if (conflict != null) {
            throw NovaErrors.unexpectedTaskState(uuid, Fields.of("task_state", new ArrayList<>(expectedTaskStates)),
                    Fields.of("task_state", conflict[0]));
        }
    }

    public void save(Instance instance) {
        save(instance, null);
    }

    /** What {@link #syncPowerState} found and did. */
    public enum PowerSyncOutcome { UNKNOWN_INSTANCE, OTHER_HOST, TASK_PENDING, UNCHANGED, UPDATED }

    /**
     * nova's {@code _sync_instance_power_state}, as one atomic step: records the hypervisor's {@code powerState}
     * when the instance is on {@code host} and no task runs on it; anything else is left untouched.
     */
    public PowerSyncOutcome syncPowerState(String uuid, String host, int powerState) {
        return join(writer.submit(c -> {
            Optional<Instance> stored = find(c, uuid);
            if (stored.isEmpty()) {
                return PowerSyncOutcome.UNKNOWN_INSTANCE;
            }
            Instance instance = stored.get();
            if (!Objects.equals(host, instance.host())) {
                return PowerSyncOutcome.OTHER_HOST;
            }
            if (instance.taskState() != null) {
                return PowerSyncOutcome.TASK_PENDING;
            }
            if (Objects.equals(instance.powerState(), powerState)) {
                return PowerSyncOutcome.UNCHANGED;
            }
            instance.setPowerState(powerState);
            instance.setUpdatedAt(NovaTime.nowSeconds());
            instance.resetChanges();
            upsert(c, uuid, instance.copyPrimitive());
            return PowerSyncOutcome.UPDATED;
        }));
    }

    private static Optional<String[]> currentTaskState(java.sql.Connection c, String uuid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT task_state FROM instances WHERE uuid = ? AND deleted = 0")) {
            p.setString(1, uuid);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1)}) : Optional.empty();
            }
        }
    }

    private static void upsert(java.sql.Connection c, String uuid, ObjectNode primitive) throws SQLException {
        Instance i = Instance.from(primitive);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO instances(uuid, vm_state, task_state, power_state, "
                + "host, node, primitive, updated_at, deleted) VALUES (?,?,?,?,?,?,?,?,0) ON CONFLICT(uuid) DO UPDATE SET "
                + "vm_state = excluded.vm_state, task_state = excluded.task_state, power_state = excluded.power_state, "
                + "host = excluded.host, node = excluded.node, primitive = excluded.primitive, "
                + "updated_at = excluded.updated_at, deleted = 0")) {
            p.setString(1, uuid);
            p.setString(2, i.vmState());
            p.setString(3, i.taskState());
            p.setObject(4, i.powerState());
            p.setString(5, i.host());
            p.setString(6, i.node());
            p.setString(7, Json.write(primitive));
            p.setLong(8, System.currentTimeMillis());
            p.executeUpdate();
        }
    }

    public void delete(String uuid) {
        join(writer.submit(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE instances SET deleted = 1 WHERE uuid = ?")) {
                p.setString(1, Objects.requireNonNull(uuid));
                p.executeUpdate();
            }
            return null;
        }));
    }

    static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StateException("state write failed: " + e.getCause(), e.getCause());
        }
    }
}
