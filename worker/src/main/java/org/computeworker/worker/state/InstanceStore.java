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
    /**
     * The stored primitives as compact JSON, with the fields the checks read, written through on
     * every change. Bytes rather than a Jackson tree: a tree is ~8x their size, and holding one per
     * instance, replaced on every operation, filled the old generation with trees that die there
     * (full collections every second under load).
     */
    private record Held(byte[] json, Summary summary) {
        static Held of(Instance i, byte[] json) {
            return new Held(json, new Summary(i.host(), i.vmState(), i.taskState(), i.powerState()));
        }

        Instance instance() {
            return Instance.from(Json.parse(json));
        }
    }

    /** The fields that checks read, without parsing the whole instance. */
    public record Summary(String host, String vmState, String taskState, Integer powerState) {
    }

    private final java.util.Map<String, Held> held = new java.util.HashMap<>();

    public InstanceStore(Database db, GroupCommitWriter writer) {
        this.db = db;
        this.writer = writer;
        db.read(c -> {
            try (var s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT uuid, primitive FROM instances WHERE deleted = 0")) {
                while (rs.next()) {
                    byte[] json = rs.getString(2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    held.put(rs.getString(1), Held.of(Instance.from(Json.parse(json)), json));
                }
            }
            return null;
        });
    }

    public Optional<Instance> find(String uuid) {
        Held h;
        synchronized (this) {
            h = held.get(uuid);
        }
        return h == null ? Optional.empty() : Optional.of(h.instance());
    }

    /** The held instance's host and states, cheaper than {@link #find} when they are all a check needs. */
    public Optional<Summary> summary(String uuid) {
        Held h;
        synchronized (this) {
            h = held.get(uuid);
        }
        return h == null ? Optional.empty() : Optional.of(h.summary());
    }

    public List<Instance> all() {
        List<Held> copy;
        synchronized (this) {
            copy = new ArrayList<>(new java.util.TreeMap<>(held).values());
        }
        List<Instance> out = new ArrayList<>(copy.size());
        copy.forEach(h -> out.add(h.instance()));
        return out;
    }

    /** Records the instance as given (adopting a newer view from the wire), without a check. */
    public void put(Instance instance) {
        instance.resetChanges();
        ObjectNode primitive = instance.copyPrimitive();
        byte[] json = Json.writeBytes(primitive);
        synchronized (this) {
            held.put(instance.uuid(), Held.of(instance, json));
        }
        persist(instance.uuid(), primitive, json);
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
        byte[] json = Json.writeBytes(primitive);
        synchronized (this) {
            Held current = held.get(uuid);
            if (expectedTaskStates != null && current != null) {
                String actual = current.summary().taskState();
                if (!expectedTaskStates.contains(actual)) {
                    throw NovaErrors.unexpectedTaskState(uuid, Fields.of("task_state", new ArrayList<>(expectedTaskStates)),
                            Fields.of("task_state", actual));
                }
            }
            held.put(uuid, Held.of(instance, json));
        }
        persist(uuid, primitive, json);
    }

    public void save(Instance instance) {
        save(instance, null);
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
        byte[] json;
        synchronized (this) {
            Held current = held.get(uuid);
            if (current == null) {
                return PowerSyncOutcome.UNKNOWN_INSTANCE;
            }
            if (!Objects.equals(host, current.summary().host())) {
                return PowerSyncOutcome.OTHER_HOST;
            }
            if (current.summary().taskState() != null) {
                return PowerSyncOutcome.TASK_PENDING;
            }
            if (Objects.equals(current.summary().powerState(), powerState)) {
                return PowerSyncOutcome.UNCHANGED;
            }
            Instance instance = current.instance();
            instance.setPowerState(powerState);
            instance.setUpdatedAt(NovaTime.nowSeconds());
            instance.resetChanges();
            updated = instance.copyPrimitive();
            json = Json.writeBytes(updated);
            held.put(uuid, Held.of(instance, json));
        }
        persist(uuid, updated, json);
        return PowerSyncOutcome.UPDATED;
    }

    private void persist(String uuid, ObjectNode primitive, byte[] json) {
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
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
