package org.computeworker.worker.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.EndpointAssembly;
import org.computeworker.worker.WorkerApplication;
import org.computeworker.worker.config.WorkerConfig;
import org.computeworker.worker.dispatch.RpcEndpoint;

/** Builds nova.conf text for test workers and starts them in-process. */
public final class TestWorkers {
    private TestWorkers() {
    }

    /** A nova.conf for a worker named {@code host} on the test broker, with state in a fresh directory. */
    public static String conf(TestBroker broker, String host, String... extraLines) throws Exception {
        Path state = Files.createTempDirectory("cw-" + host + "-");
        List<String> lines = new ArrayList<>(List.of(
                "[DEFAULT]",
                "host = " + host,
                "transport_url = " + broker.transportUrl(),
                "state_path = " + state,
                "compute_driver = fake.FakeDriver",
                "[oslo_messaging_notifications]",
                "driver = messagingv2",
                "[notifications]",
                "notification_format = both",
                "[compute_worker]",
                "standalone = true",
                "metrics_port = 0",
                "metrics_host = 127.0.0.1"));
        lines.addAll(List.of(extraLines));
        return String.join("\n", lines) + "\n";
    }

    public static WorkerConfig config(String confText) {
        return WorkerConfig.from(OsloConfigFile.parse(confText));
    }

    public static WorkerApplication start(String confText, EndpointAssembly assembly) throws Exception {
        WorkerApplication app = WorkerApplication.start(config(confText), assembly);
        if (!app.awaitConsuming(java.time.Duration.ofSeconds(20))) {
            app.stop();
            throw new IllegalStateException("worker did not start consuming");
        }
        return app;
    }

    public static EndpointAssembly only(RpcEndpoint... endpoints) {
        return runtime -> List.of(endpoints);
    }
}
