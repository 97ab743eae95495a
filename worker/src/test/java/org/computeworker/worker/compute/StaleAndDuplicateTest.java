package org.computeworker.worker.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.support.Await;
import org.computeworker.worker.support.ComputeHost;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.support.RawOsloCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same cast twice runs once; a stale or repeated message is refused without changing anything. */
@ExtendWith(RabbitBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("broker")
class StaleAndDuplicateTest {
    private ComputeHost hostA;
    private ComputeHost hostB;
    private ComputeHost same;
    private Conductor conductor;
    private RawOsloCaller raw;

    @BeforeAll
    void start(TestBroker broker) throws Exception {
        hostA = ComputeHost.start(broker, "sdA");
        hostB = ComputeHost.start(broker, "sdB");
        same = ComputeHost.start(broker, "sdSame", "[DEFAULT]", "allow_resize_to_same_host = true");
        conductor = new Conductor(broker);
        raw = new RawOsloCaller(broker.amqpUrl(), "nova");
    }

    @AfterAll
    void stop() throws Exception {
        raw.close();
        conductor.close();
        hostA.close();
        hostB.close();
        same.close();
    }

    private Instance running(ComputeHost host) throws Exception {
        Instance inst = NovaTestObjects.instance(host.name(), "building", "scheduling", NovaTestObjects.small());
        conductor.build(host.name(), inst, List.of());
        return host.awaitInstance(inst.uuid(), i -> "active".equals(i.vmState()), "active");
    }

    private static double rejected(ComputeHost host, String reason) {
        var c = host.app().registry().find("compute_worker.rpc.rejected").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theSameCastDeliveredTwiceIsAppliedOnce() throws Exception {
        Instance onA = running(hostA);
        Instance stopping = onA.copy();
        stopping.setTaskState("powering-off");
        var args = Json.object();
        args.set("instance", stopping.toPrimitive());
        args.put("clean_shutdown", true);
        RpcRequest cast = RpcRequest.cast("stop_instance", args, null, "6.0", RawOsloCaller.context());
        raw.publish("compute.sdA", cast, null);
        raw.publish("compute.sdA", cast, null);
        hostA.awaitInstance(onA.uuid(), i -> "stopped".equals(i.vmState()), "stopped");
        Await.until("the duplicate is dropped", () -> rejected(hostA, "duplicate") >= 1);
        assertEquals(List.of("compute__do_build_and_run_instance:Success", "compute_stop_instance:Success"),
                hostA.finishedEvents(onA.uuid()));
        assertEquals(1, hostA.notifications().eventsFor(onA.uuid()).stream().filter("compute.instance.power_off.start"::equals).count());
    }

    @Test
    void aRepeatedStartWithANewIdIsRefusedAsStale() throws Exception {
        Instance onA = running(hostA);
        Instance stopping = onA.copy();
        stopping.setTaskState("powering-off");
        conductor.compute().stopInstance(Conductor.context(), stopping, false, true);
        Instance stopped = hostA.instance(onA.uuid()).orElseThrow();
        Instance starting = stopped.copy();
        starting.setTaskState("powering-on");
        conductor.compute().startInstance(Conductor.context(), starting);
        hostA.awaitInstance(onA.uuid(), i -> "active".equals(i.vmState()) && i.taskState() == null, "started");
        double before = rejected(hostA, "unexpected_task_state");

        conductor.compute().startInstance(Conductor.context(), starting); // a conductor retry of the same start
        Await.until("the stale start is refused", () -> rejected(hostA, "unexpected_task_state") > before);
        Instance after = hostA.instance(onA.uuid()).orElseThrow();
        assertEquals("active", after.vmState());
        assertEquals(2, hostA.finishedEvents(onA.uuid()).stream()
                        .filter(e -> e.startsWith("compute_start") || e.startsWith("compute_stop")).count(),
                "the refused start left no action event");
        assertTrue(hostA.stores().faults().forInstance(onA.uuid()).isEmpty(), "and no fault");
    }

    @Test
    void aLateStopIsEitherAppliedWholeOrRefusedNeverHalfApplied() throws Exception {
        Instance onA = running(hostA);
        Instance oldStop = onA.copy();
        oldStop.setTaskState("powering-off"); // built while the instance was active
        Instance stopping = onA.copy();
        stopping.setTaskState("powering-off");
        conductor.compute().stopInstance(Conductor.context(), stopping, false, true);
        Instance starting = hostA.instance(onA.uuid()).orElseThrow().copy();
        starting.setTaskState("powering-on");
        conductor.compute().startInstance(Conductor.context(), starting);
        hostA.awaitInstance(onA.uuid(), i -> "active".equals(i.vmState()) && i.taskState() == null, "started");
        // The old stop matches (active, powering-off) — but it was already applied once: a repeat.
        double before = rejected(hostA, "unexpected_task_state");
        var args = Json.object();
        args.set("instance", oldStop.toPrimitive());
        args.put("clean_shutdown", true);
        RpcRequest call = raw.callRequest("stop_instance", args, null, "6.0", null);
        raw.publish("compute.sdA", call, "10000");
        var reply = raw.awaitFinal(call, 10_000, null);
        // vm_state active and idle here again: this stop is indistinguishable from a new one and runs.
        // What must never happen is a half-applied state: either it ran fully or it was refused.
        Instance after = hostA.instance(onA.uuid()).orElseThrow();
        assertTrue(reply.failure() == null ? "stopped".equals(after.vmState()) : rejected(hostA, "unexpected_task_state") > before);
    }

    @Test
    void aRepeatedResizeInstanceIsRefusedAndTheMigrationKeepsItsStatus() throws Exception {
        Instance onA = running(hostA);
        Instance apiView = onA.copy();
        apiView.setTaskState("resize_prep");
        Migration m = NovaTestObjects.migration(apiView, "sdA", "sdB", NovaTestObjects.medium());
        conductor.prepResize(apiView, NovaTestObjects.medium(), "sdB", m, List.of());
        hostB.awaitInstance(onA.uuid(), i -> "resized".equals(i.vmState()), "resized");
        double before = rejected(hostA, "unexpected_task_state");
        Migration stale = hostB.migration(m.uuid()).orElseThrow().copy();
        stale.setStatus("pre-migrating");
        conductor.compute().resizeInstance(Conductor.context(), apiView, stale, NovaTestObjects.image(),
                NovaTestObjects.medium(), NovaTestObjects.requestSpec(), true);
        Await.until("the repeat is refused", () -> rejected(hostA, "unexpected_task_state") > before);
        assertEquals("post-migrating", hostA.migration(m.uuid()).orElseThrow().status());
        assertEquals("resize_migrated", hostA.instance(onA.uuid()).orElseThrow().taskState());
    }

    @Test
    void sameHostResizeIsRefusedUnlessAllowed() throws Exception {
        Instance onA = running(hostA);
        Instance apiView = onA.copy();
        apiView.setTaskState("resize_prep");
        Migration m = NovaTestObjects.migration(apiView, "sdA", "sdA", NovaTestObjects.medium());
        conductor.prepResize(apiView, NovaTestObjects.medium(), "sdA", m, List.of());
        Await.until("refused", () -> hostA.notifications().eventsFor(onA.uuid()).contains("prep_resize"));
        Instance refused = hostA.instance(onA.uuid()).orElseThrow();
        assertEquals("active", refused.vmState(), "rolled back, not ERROR");
        assertEquals(null, refused.taskState());
        assertTrue(hostA.stores().faults().forInstance(onA.uuid()).get(0).message()
                .contains("allow_resize_to_same_host"));

        Instance onSame = running(same);
        Instance sameView = onSame.copy();
        sameView.setTaskState("resize_prep");
        Migration m2 = NovaTestObjects.migration(sameView, "sdSame", "sdSame", NovaTestObjects.medium());
        conductor.prepResize(sameView, NovaTestObjects.medium(), "sdSame", m2, List.of());
        Instance resized = same.awaitInstance(onSame.uuid(), i -> "resized".equals(i.vmState()), "resized in place");
        assertEquals("c1.medium", resized.flavor().name());
        assertEquals(2, same.services().tracker().claimsFor(onSame.uuid()).size(), "old and new size held until confirm");
        Migration confirming = same.migration(m2.uuid()).orElseThrow().copy();
        confirming.setStatus("confirming");
        conductor.compute().confirmResize(Conductor.context(), resized, confirming, true);
        same.awaitMigration(m2.uuid(), "confirmed");
        Await.until("one claim left", () -> same.services().tracker().claimsFor(onSame.uuid()).size() == 1);
        assertEquals(4096, same.services().tracker().claimsFor(onSame.uuid()).get(0).memoryMb());
    }
}
