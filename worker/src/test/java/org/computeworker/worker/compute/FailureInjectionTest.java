package org.computeworker.worker.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.state.FaultStore.Fault;
import org.computeworker.worker.support.Await;
import org.computeworker.worker.support.ComputeHost;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.support.NovaTestObjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** A driver failure injected at each step leaves instance, migration, fault and notifications as nova would. */
@ExtendWith(RabbitBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("broker")
class FailureInjectionTest {
    private ComputeHost hostA;
    private ComputeHost hostB;
    private Conductor conductor;

    @BeforeAll
    void start(TestBroker broker) throws Exception {
        hostA = ComputeHost.start(broker, "fiA");
        hostB = ComputeHost.start(broker, "fiB");
        conductor = new Conductor(broker);
    }

    @AfterEach
    void clearInjections() {
        hostA.driver().failures().clear();
        hostB.driver().failures().clear();
    }

    @AfterAll
    void stop() throws Exception {
        conductor.close();
        hostA.close();
        hostB.close();
    }

    private Instance runningOnA() throws Exception {
        Instance inst = NovaTestObjects.instance("fiA", "building", "scheduling", NovaTestObjects.small());
        conductor.build("fiA", inst, List.of());
        return hostA.awaitInstance(inst.uuid(), i -> "active".equals(i.vmState()), "active");
    }

    private Migration prepResize(Instance onA, List<org.computeworker.messages.objects.Selection> alternates) {
        Instance apiView = onA.copy();
        apiView.setTaskState("resize_prep");
        var flavor = NovaTestObjects.medium();
        Migration m = NovaTestObjects.migration(apiView, "fiA", "fiB", flavor);
        conductor.prepResize(apiView, flavor, "fiB", m, alternates);
        return m;
    }

    /** Waits for the error notification (the outermost decorator: the failure has been handled). */
    private static void awaitErrorNotification(ComputeHost host, String uuid, String method) throws Exception {
        Await.until(method + " and compute.exception notifications on " + host.name(),
                () -> host.notifications().eventsFor(uuid).containsAll(List.of(method, "compute.exception")),
                () -> host.notifications().eventsFor(uuid));
    }

    private static Fault lastFault(ComputeHost host, String uuid) {
        List<Fault> faults = host.stores().faults().forInstance(uuid);
        assertFalse(faults.isEmpty(), "a fault is recorded on " + host.name());
        return faults.get(0);
    }

    @Test
    void prepResizeClaimFailureWithoutAlternatesErrorsTheInstance() throws Exception {
        Instance onA = runningOnA();
        Instance apiView = onA.copy();
        apiView.setTaskState("resize_prep");
        var huge = NovaTestObjects.huge();
        Migration m = NovaTestObjects.migration(apiView, "fiA", "fiB", huge);
        conductor.prepResize(apiView, huge, "fiB", m, List.of());
        awaitErrorNotification(hostB, onA.uuid(), "prep_resize");
        Instance atB = hostB.instance(onA.uuid()).orElseThrow();
        assertEquals("error", atB.vmState());
        assertNull(atB.taskState(), "reverts_task_state cleared it");
        assertEquals("error", hostB.migration(m.uuid()).orElseThrow().status());
        Fault fault = lastFault(hostB, onA.uuid());
        assertEquals(400, fault.code());
        assertTrue(fault.message().startsWith("Insufficient compute resources: Free memory"), fault.message());
        assertTrue(hostB.services().tracker().claimsFor(onA.uuid()).isEmpty());
        List<String> events = hostB.notifications().eventsFor(onA.uuid());
        assertTrue(events.containsAll(List.of("compute.instance.resize.prep.start", "compute.instance.resize.prep.end")));
    }

    @Test
    void prepResizeFailureWithAlternatesReschedulesThroughTheConductor() throws Exception {
        Instance onA = runningOnA();
        Instance apiView = onA.copy();
        apiView.setTaskState("resize_prep");
        var huge = NovaTestObjects.huge();
        Migration m = NovaTestObjects.migration(apiView, "fiA", "fiB", huge);
        conductor.prepResize(apiView, huge, "fiB", m, List.of(NovaTestObjects.selection("hostC")));
        RpcRequest reschedule = conductor.nextConductorMessage(10_000);
        assertNotNull(reschedule, "the conductor got the reschedule");
        assertEquals("migrate_server", reschedule.method());
        assertEquals("compute_task", reschedule.namespace());
        assertEquals("hostC", reschedule.args().path("host_list").get(0).path("nova_object.data").path("service_host").asText());
        assertEquals(onA.uuid(), Conductor.data(reschedule, "instance").path("uuid").asText());
        assertTrue(reschedule.args().path("scheduler_hint").path("filter_properties").path("retry").path("exc").size() > 0);
        Await.until("fault recorded", () -> !hostB.stores().faults().forInstance(onA.uuid()).isEmpty());
        Instance atB = hostB.awaitInstance(onA.uuid(), i -> "resize_prep".equals(i.taskState()), "rescheduled");
        assertEquals("active", atB.vmState(), "a rescheduled resize does not error the instance");
        Await.until("resize.error", () -> hostB.notifications().eventsFor(onA.uuid()).contains("instance.resize.error"));
    }

    @Test
    void resizeInstanceDriverFailureErrorsInstanceAndMigration() throws Exception {
        Instance onA = runningOnA();
        hostA.driver().failures().fail("migrate_disk_and_power_off", 1);
        Migration m = prepResize(onA, List.of());
        awaitErrorNotification(hostA, onA.uuid(), "resize_instance");
        Instance after = hostA.instance(onA.uuid()).orElseThrow();
        assertEquals("error", after.vmState());
        assertNull(after.taskState());
        assertEquals("fiA", after.host(), "still on the source");
        assertEquals("error", hostA.migration(m.uuid()).orElseThrow().status());
        Fault fault = lastFault(hostA, onA.uuid());
        assertEquals(500, fault.code());
        assertTrue(fault.details().contains("injected failure"), "500s carry the traceback");
        assertEquals(List.of("compute__do_build_and_run_instance:Success", "compute_resize_instance:Error"),
                hostA.finishedEvents(onA.uuid()));
    }

    @Test
    void finishResizeFailureErrorsAndDropsTheDestinationClaim() throws Exception {
        Instance onA = runningOnA();
        hostB.driver().failures().fail("finish_migration", 1);
        Migration m = prepResize(onA, List.of());
        awaitErrorNotification(hostB, onA.uuid(), "finish_resize");
        Instance atB = hostB.instance(onA.uuid()).orElseThrow();
        assertEquals("error", atB.vmState());
        assertNull(atB.taskState());
        assertEquals("c1.small", atB.flavor().name(), "flavor reset to the old one on failure");
        assertEquals("error", hostB.migration(m.uuid()).orElseThrow().status());
        assertTrue(hostB.services().tracker().claimsFor(onA.uuid()).isEmpty(), "claim dropped");
        assertEquals(500, lastFault(hostB, onA.uuid()).code());
    }

    @Test
    void confirmFailureErrorsTheInstance() throws Exception {
        Instance onA = runningOnA();
        hostA.driver().failures().fail("confirm_migration", 1);
        Migration m = prepResize(onA, List.of());
        Instance atB = hostB.awaitInstance(onA.uuid(), i -> "resized".equals(i.vmState()), "resized");
        Migration confirming = hostB.migration(m.uuid()).orElseThrow().copy();
        confirming.setStatus("confirming");
        conductor.compute().confirmResize(Conductor.context(), atB, confirming, true);
        awaitErrorNotification(hostA, onA.uuid(), "confirm_resize");
        assertEquals("error", hostA.instance(onA.uuid()).orElseThrow().vmState());
        assertEquals("error", hostA.migration(m.uuid()).orElseThrow().status());
        lastFault(hostA, onA.uuid());
    }

    @Test
    void revertFailureOnTheDestinationErrorsTheInstance() throws Exception {
        Instance onA = runningOnA();
        Migration m = prepResize(onA, List.of());
        Instance atB = hostB.awaitInstance(onA.uuid(), i -> "resized".equals(i.vmState()), "resized");
        hostB.driver().failures().fail("destroy", 1);
        Instance reverting = atB.copy();
        reverting.setTaskState("resize_reverting");
        Migration mReverting = hostB.migration(m.uuid()).orElseThrow().copy();
        mReverting.setStatus("reverting");
        conductor.compute().revertResize(Conductor.context(), reverting, mReverting, NovaTestObjects.requestSpec());
        awaitErrorNotification(hostB, onA.uuid(), "revert_resize");
        Instance after = hostB.instance(onA.uuid()).orElseThrow();
        assertEquals("error", after.vmState());
        assertNull(after.taskState());
        assertEquals("error", hostB.migration(m.uuid()).orElseThrow().status());
    }

    @Test
    void finishRevertFailureOnTheSourceErrorsTheInstance() throws Exception {
        Instance onA = runningOnA();
        Migration m = prepResize(onA, List.of());
        Instance atB = hostB.awaitInstance(onA.uuid(), i -> "resized".equals(i.vmState()), "resized");
        hostA.driver().failures().fail("finish_revert_migration", 1);
        Instance reverting = atB.copy();
        reverting.setTaskState("resize_reverting");
        Migration mReverting = hostB.migration(m.uuid()).orElseThrow().copy();
        mReverting.setStatus("reverting");
        conductor.compute().revertResize(Conductor.context(), reverting, mReverting, NovaTestObjects.requestSpec());
        awaitErrorNotification(hostA, onA.uuid(), "finish_revert_resize");
        Instance after = hostA.instance(onA.uuid()).orElseThrow();
        assertEquals("error", after.vmState());
        assertNull(after.taskState());
        assertEquals("error", hostA.migration(m.uuid()).orElseThrow().status());
        lastFault(hostA, onA.uuid());
    }

    @Test
    void startFailureKeepsTheInstanceStoppedWithAFault() throws Exception {
        Instance onA = runningOnA();
        Instance stopping = onA.copy();
        stopping.setTaskState("powering-off");
        conductor.compute().stopInstance(Conductor.context(), stopping, false, true); // a call: returns when done
        Instance stopped = hostA.instance(onA.uuid()).orElseThrow();
        assertEquals("stopped", stopped.vmState());
        hostA.driver().failures().fail("power_on", 1);
        Instance starting = stopped.copy();
        starting.setTaskState("powering-on");
        conductor.compute().startInstance(Conductor.context(), starting);
        awaitErrorNotification(hostA, onA.uuid(), "start_instance");
        Instance after = hostA.instance(onA.uuid()).orElseThrow();
        assertEquals("stopped", after.vmState());
        assertNull(after.taskState(), "task_state reverted");
        assertTrue(lastFault(hostA, onA.uuid()).message().contains("injected failure"));
    }

    @Test
    void buildFailureWithoutAlternatesIsErrorAndWithAlternatesIsRescheduled() throws Exception {
        hostA.driver().failures().fail("spawn", 2);
        Instance lonely = NovaTestObjects.instance("fiA", "building", "scheduling", NovaTestObjects.small());
        conductor.build("fiA", lonely, List.of());
        Instance failed = hostA.awaitInstance(lonely.uuid(), i -> "error".equals(i.vmState()), "error");
        assertNull(failed.taskState());
        assertNull(failed.host());
        assertTrue(hostA.services().tracker().claimsFor(lonely.uuid()).isEmpty(), "claim dropped");
        assertTrue(hostA.notifications().eventsFor(lonely.uuid()).containsAll(
                List.of("compute.instance.create.start", "instance.create.start", "compute.instance.create.error",
                        "instance.create.error")));
        lastFault(hostA, lonely.uuid());

        Instance lucky = NovaTestObjects.instance("fiA", "building", "scheduling", NovaTestObjects.small());
        conductor.build("fiA", lucky, List.of(NovaTestObjects.selection("hostC")));
        RpcRequest reschedule = conductor.nextConductorMessage(10_000);
        assertNotNull(reschedule);
        assertEquals("build_instances", reschedule.method());
        assertEquals(lucky.uuid(), reschedule.args().path("instances").get(0).path("nova_object.data").path("uuid").asText());
        Instance rescheduled = hostA.awaitInstance(lucky.uuid(), i -> "scheduling".equals(i.taskState()), "scheduling");
        assertNull(rescheduled.host());
        assertEquals("building", rescheduled.vmState());
    }
}
