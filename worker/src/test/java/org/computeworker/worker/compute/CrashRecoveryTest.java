package org.computeworker.worker.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.rpc.client.WorkerExtensionClient;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.support.Await;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.support.TestWorkers;
import org.computeworker.worker.support.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker process killed with SIGKILL in the middle of an operation, with a backlog behind it,
 * comes back with every instance reconciled and every message processed exactly once.
 */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class CrashRecoveryTest {

    private static JsonNode state(WorkerExtensionClient client, String host, String uuid) {
        return client.getInstanceState(Conductor.context(), host, uuid);
    }

    private static long events(JsonNode state, String event) {
        long n = 0;
        for (JsonNode e : state.path("events")) {
            if (event.equals(e.path("event").asText()) && "Success".equals(e.path("result").asText())) {
                n++;
            }
        }
        return n;
    }

    @Test
    void killedMidOperationWithABacklogRecoversEverythingExactlyOnce(TestBroker broker) throws Exception {
        Path dir = Files.createTempDirectory("crash-");
        String base = TestWorkers.conf(broker, "crashhost",
                "[DEFAULT]", "executor_thread_pool_size = 1",
                "[oslo_messaging_rabbit]", "rabbit_qos_prefetch_count = 1");
        String slow = base + "[fake_driver]\ndelay_methods = power_off:6000\n";
        try (Conductor conductor = new Conductor(broker)) {
            var ext = new WorkerExtensionClient(conductor.rpc());
            List<Instance> instances = new ArrayList<>();
            try (WorkerProcess worker = new WorkerProcess(base, dir).start()) {
                for (int i = 0; i < 4; i++) {
                    Instance inst = NovaTestObjects.instance("crashhost", "building", "scheduling", NovaTestObjects.small());
                    conductor.build("crashhost", inst, List.of());
                    instances.add(inst);
                }
                for (Instance inst : instances) {
                    Await.until("built", () -> "active".equals(state(ext, "crashhost", inst.uuid()).path("instance")
                            .path("vm_state").asText()));
                }
                worker.terminate(Duration.ofSeconds(30));
            }
            // Same state, now with a slow hypervisor: the first stop blocks the only worker thread.
            try (WorkerProcess worker = new WorkerProcess(slow, dir).start()) {
                for (Instance inst : instances) {
                    Instance stopping = inst.copy();
                    stopping.setVmState("active");
                    stopping.setTaskState("powering-off");
                    conductor.compute().stopInstance(Conductor.context(), stopping, true, true);
                }
                Thread.sleep(2500); // #0 running, #1 journaled and waiting, #2 delivered but unacked, #3 in the broker
                worker.kill9();
            }
            try (WorkerProcess worker = new WorkerProcess(base, dir).start()) {
                for (Instance inst : instances) {
                    Await.until(inst.uuid() + " stopped", () -> "stopped".equals(state(ext, "crashhost", inst.uuid())
                            .path("instance").path("vm_state").asText()), () -> state(ext, "crashhost", inst.uuid()));
                }
                for (int i = 0; i < instances.size(); i++) {
                    JsonNode s = state(ext, "crashhost", instances.get(i).uuid());
                    assertEquals(1, events(s, "compute_stop_instance"), "instance #" + i + " stopped exactly once: " + s);
                    assertTrue(s.path("instance").path("task_state").isNull());
                }
                String log = worker.log();
                assertTrue(log.contains("a stop was interrupted: stopping it again"), "reconciliation logged");
                assertTrue(log.contains("had not started when the worker last stopped"), "the not-started messages are accounted for");
            }
        }
    }
}
