package org.computeworker.worker.virt.libvirt.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.state.InstanceStore;
import org.computeworker.worker.record.InstanceRecord;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.virt.PowerState;
import org.computeworker.worker.virt.libvirt.LifecycleEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nova's _sync_instance_power_state rules as lifecycle events apply them to the instance store. */
class PowerStateSyncTest {
    @TempDir
    Path state;
    private Database db;
    private GroupCommitWriter writer;
    private InstanceStore instances;
    private PowerStateSync sync;

    @BeforeEach
    void setUp() {
        db = Database.open(state, false);
        writer = new GroupCommitWriter(db);
        instances = new InstanceStore(db, writer);
        sync = new PowerStateSync(new org.computeworker.worker.record.local.LocalInstanceRecord(instances), "hostA");
    }

    @AfterEach
    void tearDown() {
        sync.close();
        writer.close();
        db.close();
    }

    @Test
    void anIdleInstanceOfThisHostTakesTheHypervisorsPowerState() {
        Instance instance = stored("hostA", null, PowerState.RUNNING);
        assertEquals(InstanceRecord.PowerSync.UPDATED, sync.sync(stopped(instance)));
        Instance after = instances.find(instance.uuid()).orElseThrow();
        assertEquals(PowerState.SHUTDOWN.code(), after.powerState());
        assertEquals("active", after.vmState(), "only the power state changes");
        assertEquals(InstanceRecord.PowerSync.UNCHANGED, sync.sync(stopped(instance)));
    }

    @Test
    void runningTasksOtherHostsAndUnknownInstancesAreLeftAlone() {
        Instance busy = stored("hostA", "powering-off", PowerState.RUNNING);
        Instance moved = stored("hostB", null, PowerState.RUNNING);
        assertEquals(InstanceRecord.PowerSync.TASK_PENDING, sync.sync(stopped(busy)));
        assertEquals(InstanceRecord.PowerSync.OTHER_HOST, sync.sync(stopped(moved)));
        assertEquals(InstanceRecord.PowerSync.UNKNOWN_INSTANCE, sync.sync(new LifecycleEvent("no-such-uuid", "instance-1",
                "STOPPED", PowerState.SHUTDOWN)));
        for (Instance i : List.of(busy, moved)) {
            assertEquals(PowerState.RUNNING.code(), instances.find(i.uuid()).orElseThrow().powerState());
        }
    }

    @Test
    void eventsAreRecordedOffTheCallersThreadInTheirOrder() throws Exception {
        Instance instance = stored("hostA", null, PowerState.PAUSED);
        sync.onLifecycle(stopped(instance));
        sync.onLifecycle(new LifecycleEvent(instance.uuid(), "instance-1", "STARTED", PowerState.RUNNING));
        sync.close(); // waits for the queue
        assertEquals(PowerState.RUNNING.code(), instances.find(instance.uuid()).orElseThrow().powerState());
        sync.onLifecycle(stopped(instance)); // after close: dropped, never thrown at libvirt's thread
    }

    private Instance stored(String host, String taskState, PowerState power) {
        Instance instance = NovaTestObjects.instance(host, "active", taskState, NovaTestObjects.small());
        instance.setPowerState(power.code());
        instances.put(instance);
        return instance;
    }

    private static LifecycleEvent stopped(Instance instance) {
        return new LifecycleEvent(instance.uuid(), "instance-1", "STOPPED", PowerState.SHUTDOWN);
    }
}
