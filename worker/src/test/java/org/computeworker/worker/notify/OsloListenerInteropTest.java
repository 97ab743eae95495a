package org.computeworker.worker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.errors.NovaErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Python oslo.messaging notification listener — what ceilometer and billing consumers run —
 * receives the worker's notifications in both drivers' encodings and decodes exactly what was
 * sent; nova's own payload classes accept every versioned payload. Needs Debian's python3-nova
 * and python3-oslo.messaging; fails (never skips) without them.
 */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("nova")
class OsloListenerInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String INSTALL_HINT = "apt-get install -y python3-nova python3-oslo.messaging";

    @Test
    void anOsloListenerDecodesEveryNotification(TestBroker broker) throws Exception {
        requirePythonNova();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String legacyTopic = "interop_" + suffix;
        String versionedTopic = "interop_versioned_" + suffix;
        // both drivers at once: oslo then sends every notification twice, as 2.0 and as 1.0
        NotifierSettings settings = NotificationRoutingTest.settings("messagingv2+messaging", "both", legacyTopic,
                versionedTopic);

        try (NotificationPublisher publisher = NotificationPublisher.start(TransportUrl.parse(broker.transportUrl()),
                "hostA", NotificationRoutingTest.options("nova", false, 1000), new SimpleMeterRegistry())) {
            List<OutboundNotification> sent = new ArrayList<>();
            Notifier notifier = new Notifier(settings, n -> {
                sent.add(n);
                publisher.publish(n);
            });
            // a dry run first tells the listener how many notifications to wait for
            List<OutboundNotification> dryRun = new ArrayList<>();
            scenario(new Notifier(settings, dryRun::add));
            Process listener = startListener(broker, legacyTopic + "," + versionedTopic, dryRun.size());
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                        StandardCharsets.UTF_8));
                String ready = out.readLine();
                if (!"READY".equals(ready)) {
                    fail("the oslo listener did not start (said: " + ready + ")");
                }
                scenario(notifier);
                assertTrue(publisher.awaitConfirmed(Duration.ofSeconds(20)), "confirmed by the broker");
                compare(sent, results(listener, out));
            } finally {
                listener.destroyForcibly();
            }
        }
    }

    /** A mix of legacy and versioned, INFO and ERROR notifications, from four kinds of events. */
    private static void scenario(Notifier notifier) {
        ObjectNode rpc = NovaVectors.rpcMessage("rpc_cast_prep_resize.json");
        RequestContext ctx = NovaVectors.context(rpc);
        Instance instance = NovaVectors.instance(rpc);
        notifier.prepResize(ctx, instance, Phase.START, Flavor.from(rpc.path("args").get("flavor")));
        notifier.powerOn(ctx, instance, Phase.END);
        notifier.resizeError(ctx, instance, NovaErrors.migrationError("no valid host"));
        ObjectNode build = NovaVectors.rpcMessage("rpc_cast_build_and_run_instance.json");
        notifier.createEnd(NovaVectors.context(build), NovaVectors.instance(build), null);
        notifier.exception(ctx, "prep_resize", (ObjectNode) rpc.get("args"),
                NovaErrors.instanceNotFound(instance.uuid()));
    }

    private static void compare(List<OutboundNotification> sent, List<JsonNode> received) {
        assertEquals(sent.size(), received.size(), "the listener got every notification");
        List<String> problems = new ArrayList<>();
        for (OutboundNotification n : sent) {
            ObjectNode ours = OsloEnvelope.decode(n.body());
            List<JsonNode> copies = received.stream()
                    .filter(r -> r.path("message_id").asText().equals(n.messageId())
                            && r.path("event_type").asText().equals(n.eventType()))
                    .toList();
            if (copies.isEmpty()) {
                problems.add(n + ": not received");
                continue;
            }
            for (JsonNode r : copies) {
                check(problems, n, "publisher_id", ours.get("publisher_id"), r.get("publisher_id"));
                check(problems, n, "priority", ours.get("priority"), r.get("priority"));
                check(problems, n, "request_id", ours.get("_context_request_id"),
                        r.path("context").get("request_id"));
                JsonShape.differences(ours.get("payload"), r.get("payload"), path -> false)
                        .forEach(d -> problems.add(n + " payload " + d));
                r.path("nova_schema_problems").forEach(p -> problems.add(n + " nova rejects: " + p.asText()));
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    private static void check(List<String> problems, OutboundNotification n, String what, JsonNode ours,
                              JsonNode theirs) {
        if (ours == null || !ours.equals(theirs)) {
            problems.add(n + ": " + what + " sent " + ours + ", oslo decoded " + theirs);
        }
    }

    private static void requirePythonNova() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing; install Debian's nova and oslo.messaging: " + INSTALL_HINT);
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import nova.notifications.objects.instance, oslo_messaging")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(PYTHON + " cannot import nova and oslo.messaging (" + out.strip() + "); install them: "
                    + INSTALL_HINT);
        }
    }

    private static Process startListener(TestBroker broker, String topics, int count) throws Exception {
        Path script = Files.createTempFile("oslo_notification_listener", ".py");
        try (InputStream in = OsloListenerInteropTest.class.getResourceAsStream("/notify/oslo_notification_listener.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().deleteOnExit();
        return new ProcessBuilder(PYTHON, script.toString(), broker.transportUrl(), "nova", topics,
                Integer.toString(count), "60")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static List<JsonNode> results(Process listener, BufferedReader out) throws Exception {
        List<JsonNode> received = new ArrayList<>();
        for (String line = out.readLine(); line != null && !line.startsWith("END"); line = out.readLine()) {
            received.add(Json.parse(line));
        }
        assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "listener exits");
        return received;
    }
}
