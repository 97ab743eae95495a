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
 * The instances this host knows, as full nova objects, held in memory and written through to the
 * state database. {@link #save} is nova's {@code instance.save(expected_task_state=...)}: a
 * compare-and-swap on the held task_state.
 */
public final class InstanceStore {
    private final Database db;
    private final GroupCommitWriter writer;
    /** The stored primitives, so reads need no query or parse; written through on every change. */
    private final java.util.Map<String, ObjectNode> held = new java.util.HashMap<>();

    public InstanceStore(Database db, GroupCommitWriter writer) {
        this.db = db;
        this.writer = writer;
        db.read(c -> {
            try (var s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT uuid, primitive FROM instances WHERE deleted = 0")) {
                while (rs.next()) {
                    held.put(rs.getString(1), (ObjectNode) Json.parse(rs.getString(2)));
                }
            }
            return null;
        });
    }

    public Optional<Instance> find(String uuid) {
        ObjectNode p;
        synchronized (this) {
            p = held.get(uuid);
        }
        return p == null ? Optional.empty() : Optional.of(Instance.from(p.deepCopy()));
    }

    public List<Instance> all() {
        List<Instance> out = new ArrayList<>();
        synchronized (this) {
            new java.util.TreeMap<>(held).values().forEach(p -> out.add(Instance.from(p.deepCopy())));
        }
        return out;
    }

    /** Records the instance as given (adopting a newer view from the wire), without a check. */
    public void put(Instance instance) {
        instance.resetChanges();
        write(instance.uuid(), instance.copyPrimitive());
    }

    /**
     * Saves the instance if the held task_state is one of {@code expectedTaskStates} (which may
     * contain null); with no expectation it saves unconditionally. Sets updated_at as nova's DB does.
     */
    public void save(Instance instance, Collection<String> expectedTaskStates) {
        instance.setUpdatedAt(NovaTime.nowSeconds());
        instance.resetChanges();
        String uuid = instance.uuid();
        ObjectNode primitive = instance.copyPrimitive();
        synchronized (this) {
            ObjectNode current = held.get(uuid);
            if (expectedTaskStates != null && current != null) {
                String actual = Instance.from(current).taskState();
                if (!expectedTaskStates.contains(actual)) {
                    throw NovaErrors.unexpectedTaskState(uuid, Fields.of("task_state", new ArrayList<>(expectedTaskStates)),
                            Fields.of("task_state", actual));
                }
            }
            held.put(uuid, primitive);
        }
        persist(uuid, primitive);
    }

    public void save(Instance instance) {
        save(instance, null);
    }

    private void write(String uuid, ObjectNode primitive) {
        synchronized (this) {
            held.put(uuid, primitive);
        }
        persist(uuid, primitive);
    }

    /** What {@link #syncPowerState} found and did. */
    public enum PowerSyncOutcome { UNKNOWN_INSTANCE, OTHER_HOST, TASK_PENDING, UNCHANGED, UPDATED }

    /**
     * nova's {@code _sync_instance_power_state}, as one atomic step: records the hypervisor's
     * {@code powerState} when the instance is on {@code host} and no task runs on it; anything else
     * is left untouched.
     */
    public PowerSyncOutcome syncPowerState(String uuid, String host, int powerState) {
        ObjectNode updated;
        synchronized (this) {
            ObjectNode current = held.get(uuid);
            if (current == null) {
                return PowerSyncOutcome.UNKNOWN_INSTANCE;
            }
            Instance instance = Instance.from(current.deepCopy());
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
            updated = instance.copyPrimitive();
            held.put(uuid, updated);
        }
        persist(uuid, updated);
        return PowerSyncOutcome.UPDATED;
    }

    private void persist(String uuid, ObjectNode primitive) {
        String text = Json.write(primitive);
        join(writer.submit(c -> {
            upsert(c, uuid, primitive, text);
            return null;
        }));
    }

    private static void upsert(java.sql.Connection c, String uuid, ObjectNode primitive, String text)
            throws SQLException {
        Instance i = Instance.from(primitive);
        { PreparedStatement p = Database.cached(c, "INSERT INTO instances(uuid, vm_state, task_state, power_state, "
                + "host, node, primitive, updated_at, deleted) VALUES (?,?,?,?,?,?,?,?,0) ON CONFLICT(uuid) DO UPDATE SET "
                + "vm_state = excluded.vm_state, task_state = excluded.task_state, power_state = excluded.power_state, "
                + "host = excluded.host, node = excluded.node, primitive = excluded.primitive, "
                + "updated_at = excluded.updated_at, deleted = 0");
            p.setString(1, uuid);
            p.setString(2, i.vmState());
            p.setString(3, i.taskState());
            p.setObject(4, i.powerState());
            p.setString(5, i.host());
            p.setString(6, i.node());
            p.setString(7, text);
            p.setLong(8, System.currentTimeMillis());
            p.executeUpdate();
        }
    }

    public void delete(String uuid) {
        synchronized (this) {
            held.remove(uuid);
        }
        join(writer.submit(c -> {
            { PreparedStatement p = Database.cached(c, "UPDATE instances SET deleted = 1 WHERE uuid = ?");
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
