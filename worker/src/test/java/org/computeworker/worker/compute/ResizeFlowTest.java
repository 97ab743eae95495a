package org.computeworker.worker.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.state.ClaimStore.Claim;
import org.computeworker.worker.support.Await;
import org.computeworker.worker.support.ComputeHost;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.virt.PowerState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** Resizes across two real workers, hostA and hostB, on a real broker, driven as nova's conductor would. */
@ExtendWith(RabbitBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("broker")
class ResizeFlowTest {
    private ComputeHost hostA;
    private ComputeHost hostB;
    private Conductor conductor;

    @BeforeAll
    void start(TestBroker broker) throws Exception {
        hostA = ComputeHost.start(broker, "hostA");
        hostB = ComputeHost.start(broker, "hostB");
        conductor = new Conductor(broker);
    }

    @AfterAll
    void stop() throws Exception {
        conductor.close();
        hostA.close();
        hostB.close();
    }

    /** Builds an instance on hostA and returns it as the API sees it afterwards. */
    private Instance runningOnA(String vmState) throws Exception {
        Instance inst = NovaTestObjects.instance("hostA", "building", "scheduling", NovaTestObjects.small());
        conductor.build("hostA", inst, List.of());
        Instance built = hostA.awaitInstance(inst.uuid(), i -> "active".equals(i.vmState()), "active");
        hostA.finishedEvents(inst.uuid()); // the build has finished, its last notification included
        if ("stopped".equals(vmState)) {
            Instance stopping = built.copy();
            stopping.setTaskState("powering-off");
            conductor.compute().stopInstance(Conductor.context(), stopping, true, true);
            built = hostA.awaitInstance(inst.uuid(), i -> "stopped".equals(i.vmState()), "stopped");
        }
        return built;
    }

    private Migration resizeToB(Instance onA) throws Exception {
        Instance apiView = onA.copy();
        apiView.setTaskState("resize_prep");
        Migration m = NovaTestObjects.migration(apiView, "hostA", "hostB", NovaTestObjects.medium());
        conductor.prepResize(apiView, NovaTestObjects.medium(), "hostB", m, List.of());
        return m;
    }

    @Test
    void fullResizeThenConfirm() throws Exception {
        Instance onA = runningOnA("active");
        String uuid = onA.uuid();
        hostA.notifications().clear();
        hostB.notifications().clear();

        Migration m = resizeToB(onA);
        Instance atB = hostB.awaitInstance(uuid, i -> "resized".equals(i.vmState()) && i.taskState() == null, "resized");
        assertEquals("post-migrating", hostA.migration(m.uuid()).orElseThrow().status());
        assertEquals("finished", hostB.migration(m.uuid()).orElseThrow().status());
        assertEquals("hostB", atB.host());
        assertEquals("c1.medium", atB.flavor().name());
        assertEquals("c1.small", atB.oldFlavor().name());
        assertEquals(4096, atB.memoryMb());
        assertEquals(PowerState.RUNNING.code(), atB.powerState());
        assertEquals(PowerState.RUNNING, hostB.driver().powerState(uuid));
        assertEquals(PowerState.SHUTDOWN, hostA.driver().powerState(uuid), "the source keeps the guest, off, for a revert");
        assertClaims(hostA, uuid, "resize_source", 2048);
        assertClaims(hostB, uuid, "instance", 4096);

        Migration confirming = hostB.migration(m.uuid()).orElseThrow().copy();
        confirming.setStatus("confirming");
        conductor.compute().confirmResize(Conductor.context(), atB, confirming, true);
        hostA.awaitMigration(m.uuid(), "confirmed");
        Instance onAAfter = hostA.awaitInstance(uuid, i -> "active".equals(i.vmState()) && i.taskState() == null
                && i.oldFlavor() == null, "confirmed");
        assertNull(onAAfter.taskState());
        assertNull(onAAfter.oldFlavor());
        assertNull(onAAfter.newFlavor());
        assertNull(onAAfter.systemMetadata().get("old_vm_state"));
        assertFalse(hostA.driver().hasGuest(uuid), "confirm removed the source guest");
        assertTrue(hostA.services().tracker().claimsFor(uuid).isEmpty(), "the source released its claim");
        assertClaims(hostB, uuid, "instance", 4096);

        assertEquals(List.of("compute.instance.exists", "instance.exists",
                "compute.instance.resize.prep.start", "instance.resize_prep.start",
                "compute.instance.resize.prep.end", "instance.resize_prep.end",
                "compute.instance.finish_resize.start", "instance.resize_finish.start",
                "compute.instance.finish_resize.end", "instance.resize_finish.end"),
                hostB.notifications().eventsFor(uuid));
        assertEquals(List.of("compute.instance.resize.start", "instance.resize.start",
                "compute.instance.resize.end", "instance.resize.end",
                "compute.instance.resize.confirm.start", "instance.resize_confirm.start",
                "compute.instance.resize.confirm.end", "instance.resize_confirm.end"),
                hostA.notifications().eventsFor(uuid));
        assertEquals(List.of("compute__do_build_and_run_instance:Success", "compute_resize_instance:Success",
                "compute_confirm_resize:Success"), hostA.finishedEvents(uuid));
        assertEquals(List.of("compute_prep_resize:Success", "compute_finish_resize:Success"), hostB.finishedEvents(uuid));
    }

    @Test
    void revertBringsTheInstanceBackToTheSource() throws Exception {
        Instance onA = runningOnA("active");
        String uuid = onA.uuid();
        Migration m = resizeToB(onA);
        Instance atB = hostB.awaitInstance(uuid, i -> "resized".equals(i.vmState()), "resized");

        Instance reverting = atB.copy();
        reverting.setTaskState("resize_reverting");
        Migration mReverting = hostB.migration(m.uuid()).orElseThrow().copy();
        mReverting.setStatus("reverting");
        conductor.compute().revertResize(Conductor.context(), reverting, mReverting, NovaTestObjects.requestSpec());

        // as in nova, the stashed flavors are deleted (and saved) after the instance is active again
        Instance back = hostA.awaitInstance(uuid, i -> "active".equals(i.vmState()) && i.taskState() == null
                && "hostA".equals(i.host()) && i.oldFlavor() == null, "active on hostA again, old flavor deleted");
        assertEquals("c1.small", back.flavor().name());
        assertEquals(2048, back.memoryMb());
        assertEquals(PowerState.RUNNING, hostA.driver().powerState(uuid));
        assertFalse(hostB.driver().hasGuest(uuid), "the destination destroyed its guest");
        assertEquals("reverted", hostB.migration(m.uuid()).orElseThrow().status());
        assertEquals("reverted", hostA.migration(m.uuid()).orElseThrow().status());
        assertTrue(hostB.services().tracker().claimsFor(uuid).isEmpty(), "the destination dropped its claim");
        assertClaims(hostA, uuid, "instance", 2048);
        List<String> a = hostA.notifications().eventsFor(uuid);
        assertEquals(List.of("compute.instance.resize.revert.start", "instance.resize_revert.start",
                "compute.instance.resize.revert.end", "instance.resize_revert.end"), a.subList(a.size() - 4, a.size()));
        List<String> b = hostB.notifications().eventsFor(uuid);
        assertEquals(List.of("compute.instance.exists", "instance.exists"), b.subList(b.size() - 2, b.size()));
    }

    @Test
    void aStoppedInstanceStaysStoppedThroughResizeAndConfirm() throws Exception {
        Instance onA = runningOnA("stopped");
        String uuid = onA.uuid();
        Migration m = resizeToB(onA);
        Instance atB = hostB.awaitInstance(uuid, i -> "resized".equals(i.vmState()), "resized");
        assertEquals(PowerState.SHUTDOWN.code(), atB.powerState());
        assertEquals(PowerState.SHUTDOWN, hostB.driver().powerState(uuid));
        Migration confirming = hostB.migration(m.uuid()).orElseThrow().copy();
        confirming.setStatus("confirming");
        conductor.compute().confirmResize(Conductor.context(), atB, confirming, true);
        Instance after = hostA.awaitInstance(uuid, i -> "stopped".equals(i.vmState()) && i.taskState() == null
                && i.oldFlavor() == null, "stopped and confirmed");
        assertEquals("hostB", after.host());
    }

    @Test
    void resizeDownIsRefusedAndTheInstanceRollsBack() throws Exception {
        Instance onA = runningOnA("active");
        String uuid = onA.uuid();
        Instance apiView = onA.copy();
        apiView.setTaskState("resize_prep");
        Migration m = NovaTestObjects.migration(apiView, "hostA", "hostB", NovaTestObjects.tiny());
        conductor.prepResize(apiView, NovaTestObjects.tiny(), "hostB", m, List.of());
        hostA.awaitMigration(m.uuid(), "error");
        Instance after = hostA.awaitInstance(uuid, i -> i.taskState() == null, "idle");
        assertEquals("active", after.vmState(), "rolled back, not ERROR");
        assertEquals("hostA", after.host());
        assertEquals(PowerState.RUNNING, hostA.driver().powerState(uuid), "never powered off");
        var faults = hostA.stores().faults().forInstance(uuid);
        assertEquals("Resize error: Unable to resize disk down.", faults.get(0).message());
        Await.until("the error notification", () -> hostA.notifications().eventsFor(uuid).contains("resize_instance"),
                () -> hostA.notifications().eventsFor(uuid));
    }

    @Test
    void managedAccessAfterConfirmStillWorksOnTheDestination() throws Exception {
        Instance onA = runningOnA("active");
        String uuid = onA.uuid();
        Migration m = resizeToB(onA);
        Instance atB = hostB.awaitInstance(uuid, i -> "resized".equals(i.vmState()), "resized");
        Migration confirming = hostB.migration(m.uuid()).orElseThrow().copy();
        confirming.setStatus("confirming");
        conductor.compute().confirmResize(Conductor.context(), atB, confirming, true);
        Instance confirmed = hostA.awaitInstance(uuid, i -> "active".equals(i.vmState()) && i.taskState() == null
                && i.oldFlavor() == null, "confirmed");
        Instance stopping = confirmed.copy();
        stopping.setTaskState("powering-off");
        conductor.compute().stopInstance(Conductor.context(), stopping, true, true);
        hostB.awaitInstance(uuid, i -> "stopped".equals(i.vmState()), "stopped on the destination");
    }

    private static void assertClaims(ComputeHost host, String uuid, String purpose, int memoryMb) {
        List<Claim> claims = host.services().tracker().claimsFor(uuid);
        assertEquals(1, claims.size(), host.name() + " claims: " + claims);
        assertEquals(purpose, claims.get(0).purpose());
        assertEquals(memoryMb, claims.get(0).memoryMb());
    }
}
