package org.computeworker.worker.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.computeworker.broker.PrivateRabbitBroker;
import org.computeworker.messages.objects.Instance;
import org.computeworker.rpc.client.WorkerExtensionClient;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.support.Await;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.support.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The worker's own broker (no transport_url) outlives a killed worker; the next worker on the same
 * state_path takes it over, so what was queued for the dead one runs, and stops it when it stops.
 */
@Tag("broker")
class EmbeddedBrokerTakeoverTest {

    @Test
    void aKilledWorkersBrokerIsTakenOverWithItsMessagesAndStoppedAtTheEnd() throws Exception {
        if (!PrivateRabbitBroker.isInstalled()) {
            throw new AssertionError("RabbitMQ is not installed. Install it with: " + PrivateRabbitBroker.INSTALL_HINT);
        }
        Path dir = Files.createTempDirectory("cw-embedded-");
        String conf = String.join("\n", "[DEFAULT]", "host = embhost", "state_path = " + dir,
                "compute_driver = fake.FakeDriver", "[compute_worker]", "standalone = true", "metrics_port = 0",
                "metrics_host = 127.0.0.1", "");
        Path urlFile = dir.resolve(BrokerResolver.URL_FILE);
        String url;
        try (WorkerProcess first = new WorkerProcess(conf, dir).start()) {
            url = Files.readString(urlFile, StandardCharsets.UTF_8).trim();
            first.kill9();
        }
        long brokerPid = brokerPid(dir);
        assertTrue(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false), "the broker outlived the worker");

        Instance instance = NovaTestObjects.instance("embhost", "building", "scheduling", NovaTestObjects.small());
        Conductor conductor = new Conductor(at(url));
        try {
            conductor.build("embhost", instance, List.of()); // queued while no worker runs
            try (WorkerProcess second = new WorkerProcess(conf, dir).start()) {
                var ext = new WorkerExtensionClient(conductor.rpc());
                Await.until("built by the second worker", () -> "active".equals(ext.getInstanceState(
                        Conductor.context(), "embhost", instance.uuid()).path("instance").path("vm_state").asText()));
                assertEquals(url, Files.readString(urlFile, StandardCharsets.UTF_8).trim(), "same broker, same address");
                assertTrue(second.log().contains("taking over private RabbitMQ node"), second.logTail());
                conductor.close();
                conductor = null;
                second.terminate(Duration.ofSeconds(60)); // SIGTERM: the clean stop, which stops the broker too
            }
        } finally {
            if (conductor != null) {
                conductor.close();
            }
        }
        assertTrue(ProcessHandle.of(brokerPid).map(h -> h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                .handle((x, t) -> !h.isAlive()).join()).orElse(true), "the taken-over broker was stopped with the worker");
        assertFalse(Files.exists(urlFile), "no stale address left for compute-rpc");
    }

    private static long brokerPid(Path stateDir) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(stateDir.resolve("rabbitmq/node.properties"))) {
            p.load(in);
        }
        return Long.parseLong(p.getProperty("pid"));
    }

    private static TestBroker at(String transportUrl) {
        return new TestBroker() {
            @Override
            public String amqpUrl() {
                return transportUrl.replaceFirst("^rabbit://", "amqp://").replaceFirst("/$", "");
            }

            @Override
            public String transportUrl() {
                return transportUrl;
            }

            @Override
            public String origin() {
                return "the embedded broker of a killed worker";
            }

            @Override
            public boolean canRestart() {
                return false;
            }

            @Override
            public void restart() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
