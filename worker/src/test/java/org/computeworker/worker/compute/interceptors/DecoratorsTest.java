package org.computeworker.worker.compute.interceptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.worker.compute.InstanceFaults;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.dispatch.RpcCall;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.errors.RecordUnavailableException;
import org.computeworker.worker.notify.Notifier;
import org.computeworker.worker.notify.NotifierSettings;
import org.computeworker.worker.record.local.LocalActionEvents;
import org.computeworker.worker.record.local.LocalFaults;
import org.computeworker.worker.record.local.LocalInstanceRecord;
import org.computeworker.worker.state.ActionStore;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.FaultStore;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.state.InstanceStore;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.support.RecordingNotifications;
import org.computeworker.worker.support.TestWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nova's decorators as they wrap a failing method, on the local record (no broker): what each one
 * records, and that a stale message (UnexpectedTaskStateError) and a record that cannot be reached
 * are not cleaned up after.
 */
class DecoratorsTest {
    @TempDir
    Path state;
    private Database db;
    private GroupCommitWriter writer;
    private InstanceStore instances;
    private ActionStore actions;
    private FaultStore faults;
    private RecordingNotifications notifications;
    private List<Interceptor> interceptors;

    @BeforeEach
    void open() {
        db = Database.open(state, false);
        writer = new GroupCommitWriter(db);
        instances = new InstanceStore(db, writer);
        actions = new ActionStore(db, writer);
        faults = new FaultStore(db, writer);
        notifications = new RecordingNotifications();
        var config = TestWorkers.config("[DEFAULT]\nhost = hostA\nstate_path = " + state
                + "\n[oslo_messaging_notifications]\ndriver = messagingv2\n[notifications]\nnotification_format = both\n");
        Notifier notifier = new Notifier(NotifierSettings.from(config), notifications);
        interceptors = List.of(new WrapException(notifier), new RevertsTaskState(new LocalInstanceRecord(instances)),
                new WrapInstanceEvent(new LocalActionEvents(actions), "hostA"),
                new WrapInstanceFault(new InstanceFaults(new LocalFaults(faults), "hostA")));
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
    }

    private Invocation stopping(Instance instance) {
        instances.put(instance);
        var args = Json.object();
        args.set("instance", instance.copyPrimitive());
        return new Invocation(new RpcCall(RpcRequest.cast("stop_instance", args, null, "6.0", RequestContext.admin())));
    }

    private JsonNode run(Invocation inv, Exception thrown) throws Exception {
        return Interceptor.chain(interceptors, i -> {
            throw thrown;
        }).proceed(inv);
    }

    @Test
    void aFailureIsAnnouncedRevertedRecordedAsAnErrorEventAndAFault() {
        Instance instance = NovaTestObjects.instance("hostA", "active", "powering-off", NovaTestObjects.small());
        NovaException failure = NovaErrors.instancePowerOffFailure("the guest would not stop");
        assertThrows(NovaException.class, () -> run(stopping(instance), failure));

        assertNull(instances.find(instance.uuid()).orElseThrow().taskState(), "reverts_task_state");
        assertEquals(List.of("compute_stop_instance:Error"), actions.eventsFor(instance.uuid()).stream()
                .map(e -> e.event() + ":" + e.result()).toList());
        assertEquals(1, faults.forInstance(instance.uuid()).size(), "wrap_instance_fault");
        assertTrue(notifications.eventsFor(instance.uuid()).containsAll(List.of("stop_instance", "compute.exception")),
                "wrap_exception: " + notifications.eventsFor(instance.uuid()));
    }

    @Test
    void aStaleMessageKeepsTheTaskStateAnotherFlowOwns() {
        Instance instance = NovaTestObjects.instance("hostA", "active", "powering-off", NovaTestObjects.small());
        assertThrows(NovaException.class, () -> run(stopping(instance), NovaErrors.unexpectedTaskState(
                instance.uuid(), java.util.Map.of("task_state", List.of("powering-off")),
                java.util.Map.of("task_state", "deleting"))));
        assertEquals("powering-off", instances.find(instance.uuid()).orElseThrow().taskState());
        assertEquals(List.of("compute_stop_instance:Error"), actions.eventsFor(instance.uuid()).stream()
                .map(e -> e.event() + ":" + e.result()).toList(), "the event still says what happened");
    }

    @Test
    void anUnreachableRecordIsNotAFailureToCleanUpAfter() {
        Instance instance = NovaTestObjects.instance("hostA", "active", "powering-off", NovaTestObjects.small());
        assertThrows(RecordUnavailableException.class, () -> run(stopping(instance),
                new RecordUnavailableException("no answer from nova-conductor", null)));
        assertEquals("powering-off", instances.find(instance.uuid()).orElseThrow().taskState());
        assertTrue(faults.forInstance(instance.uuid()).isEmpty());
        assertTrue(notifications.eventsFor(instance.uuid()).isEmpty());
        assertNull(actions.eventsFor(instance.uuid()).get(0).result(), "started, finished when it runs again");
    }
}
