package org.computeworker.worker.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.computeworker.messages.Json;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.WorkerApplication;
import org.computeworker.worker.ComputeAssembly;
import org.computeworker.worker.support.TestWorkers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One full resize across two Java workers, hostA and hostB, driven by nova's own ComputeAPI in
 * Python exactly as the conductor and the API drive it (interop/resize_flow.py), while a Python
 * oslo.messaging notification listener (interop/notification_listener.py) reads everything the
 * workers publish — with the REAL notification publisher, to the broker's nova exchange — and
 * rebuilds every versioned payload with nova's own payload classes, as a billing consumer written
 * against nova does. Needs Debian's python3-nova and python3-oslo.messaging: fails, never skips,
 * without them.
 */
@ExtendWith(RabbitBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("nova")
class NovaResizeInteropTest {
    private static final String PAYLOADS = "nova.notifications.objects.instance.";

    private WorkerApplication hostA;
    private WorkerApplication hostB;
    private PythonNova listener;
    private PythonNova flow;
    private JsonNode report;
    private String uuid;
    /** Every notification the listener got, in arrival order. */
    private final List<JsonNode> received = new ArrayList<>();

    @BeforeAll
    void resizeWhileListening(TestBroker broker) throws Exception {
        PythonNova.requireNova();
        hostA = TestWorkers.start(TestWorkers.conf(broker, "hostA"), new ComputeAssembly());
        hostB = TestWorkers.start(TestWorkers.conf(broker, "hostB"), new ComputeAssembly());
        Path scripts = PythonNova.scripts();

        listener = PythonNova.start(scripts, "notification_listener.py", broker.transportUrl(), "nova",
                "resize-interop-" + System.nanoTime());
        listener.awaitLine("READY"::equals, "READY", Duration.ofSeconds(60));

        flow = PythonNova.start(scripts, "resize_flow.py", broker.transportUrl(), "hostA", "hostB", scripts.toString());
        flow.awaitExit(Duration.ofSeconds(240));
        report = flow.report();
        uuid = report.path("instance_uuid").asText();

        boolean confirmed = report.path("steps").size() == 3 && report.at("/steps/2/ok").asBoolean();
        if (confirmed) {
            // confirm's end notifications are the flow's last; a moment more shows nothing else follows
            listener.awaitLine(l -> l.contains("\"event_type\": \"instance.resize_confirm.end\""),
                    "instance.resize_confirm.end", Duration.ofSeconds(30));
            listener.awaitLine(l -> l.contains("\"event_type\": \"compute.instance.resize.confirm.end\""),
                    "compute.instance.resize.confirm.end", Duration.ofSeconds(30));
        }
        Thread.sleep(1500); // (when the flow broke off, the tests below say where)
        listener.closeStdin();
        listener.awaitLine("END"::equals, "END", Duration.ofSeconds(30));
        listener.awaitExit(Duration.ofSeconds(30));
        List<String> notifications = new ArrayList<>();
        for (String line : listener.lines()) {
            if (line.startsWith("NOTIFICATION ")) {
                notifications.add(line.substring("NOTIFICATION ".length()));
                received.add(Json.parse(notifications.get(notifications.size() - 1)));
            }
        }
        // kept for whoever reads a failure: every notification as the Python listener decoded it
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "nova-resize-interop-notifications.jsonl"), notifications);
    }

    @AfterAll
    void stop() {
        for (PythonNova p : new PythonNova[] {flow, listener}) {
            if (p != null) {
                p.close();
            }
        }
        for (WorkerApplication w : new WorkerApplication[] {hostA, hostB}) {
            if (w != null) {
                w.stop();
            }
        }
    }

    @Test
    void novasComputeApiResizesAcrossTheWorkers() {
        JsonNode build = ok("build_and_run_instance").path("result");
        assertEquals("active", build.at("/instance/vm_state").asText(), build.toString());

        JsonNode prep = ok("prep_resize").path("result");
        JsonNode atB = prep.at("/dest/instance");
        assertEquals("resized", atB.path("vm_state").asText(), prep.toString());
        assertEquals("hostB", atB.path("host").asText());
        assertEquals("c1.medium", atB.path("flavor").asText());
        assertEquals("c1.small", atB.path("old_flavor").asText());
        assertEquals(4096, atB.path("memory_mb").asInt());
        assertEquals("finished", migrationStatus(prep.path("dest")), prep.toString());
        assertEquals("post-migrating", migrationStatus(prep.path("source")), prep.toString());

        JsonNode confirm = ok("confirm_resize").path("result");
        JsonNode atA = confirm.at("/source/instance");
        assertEquals("active", atA.path("vm_state").asText(), confirm.toString());
        assertTrue(atA.path("task_state").isNull(), confirm.toString());
        assertTrue(atA.path("old_flavor").isNull(), confirm.toString());
        assertEquals("confirmed", migrationStatus(confirm.path("source")), confirm.toString());
        assertEquals(0, confirm.path("source").path("claims").size(), "the source released its claim: " + confirm);
        assertEquals(List.of("compute__do_build_and_run_instance:Success", "compute_resize_instance:Success",
                "compute_confirm_resize:Success"), events(confirm.path("source")));
        assertEquals(List.of("compute_prep_resize:Success", "compute_finish_resize:Success"),
                events(confirm.path("dest")));
    }

    @Test
    void eachHostPublishesNovasLegacyNotificationsInOrder() {
        assertEquals(List.of("compute.instance.create.start", "compute.instance.create.end",
                        "compute.instance.resize.start", "compute.instance.resize.end",
                        "compute.instance.resize.confirm.start", "compute.instance.resize.confirm.end"),
                eventTypes("notifications", "compute.hostA"), summary());
        assertEquals(List.of("compute.instance.exists", "compute.instance.resize.prep.start",
                        "compute.instance.resize.prep.end", "compute.instance.finish_resize.start",
                        "compute.instance.finish_resize.end"),
                eventTypes("notifications", "compute.hostB"), summary());
    }

    @Test
    void eachHostPublishesNovasVersionedNotificationsInOrder() {
        assertEquals(List.of("instance.create.start", "instance.create.end", "instance.resize.start",
                        "instance.resize.end", "instance.resize_confirm.start", "instance.resize_confirm.end"),
                eventTypes("versioned_notifications", "nova-compute:hostA"), summary());
        assertEquals(List.of("instance.exists", "instance.resize_prep.start", "instance.resize_prep.end",
                        "instance.resize_finish.start", "instance.resize_finish.end"),
                eventTypes("versioned_notifications", "nova-compute:hostB"), summary());
    }

    @Test
    void nothingElseWasPublishedAndEverythingIsInfo() {
        Set<String> publishers = new TreeSet<>();
        for (JsonNode n : received) {
            publishers.add(n.path("topic").asText() + " " + n.path("publisher_id").asText());
            assertEquals("INFO", n.path("priority").asText(), "priority of " + n.path("event_type"));
            assertEquals(uuid, instanceOf(n), "every notification is about the resized instance: "
                    + n.path("event_type"));
        }
        assertEquals(Set.of("notifications compute.hostA", "notifications compute.hostB",
                "versioned_notifications nova-compute:hostA", "versioned_notifications nova-compute:hostB"),
                publishers, summary());
        assertEquals(22, received.size(), summary());
    }

    @Test
    void novasPayloadClassesReadEveryVersionedNotification() {
        Map<String, String> expectedClass = Map.of(
                "instance.create", "InstanceCreatePayload",
                "instance.exists", "InstanceExistsPayload",
                "instance.resize_prep", "InstanceActionResizePrepPayload",
                "instance.resize", "InstanceActionPayload",
                "instance.resize_finish", "InstanceActionPayload",
                "instance.resize_confirm", "InstanceActionPayload");
        List<String> problems = new ArrayList<>();
        int versioned = 0;
        for (JsonNode n : received) {
            if (!n.path("topic").asText().equals("versioned_notifications")) {
                continue;
            }
            versioned++;
            String event = n.path("event_type").asText();
            String action = event.replaceAll("\\.(start|end)$", "");
            String cls = n.path("payload_class").asText(null);
            if (!(PAYLOADS + expectedClass.get(action)).equals(cls)) {
                problems.add(event + ": nova rebuilt " + cls + ", expected " + PAYLOADS + expectedClass.get(action));
            }
            n.path("payload_problems").forEach(p -> problems.add(event + ": " + p.asText()));
        }
        assertEquals(11, versioned, summary());
        assertEquals(List.of(), problems, "nova's payload classes disagree with what the workers sent");
    }

    @Test
    void novasRequestContextRebuildsEveryContextWithTheApiActionsRequestId() {
        Map<String, String> actionOf = new TreeMap<>();
        for (JsonNode n : received) {
            assertEquals("nova.context.RequestContext", n.path("context_class").asText(), n.toString());
            String event = n.path("event_type").asText();
            String action = event.contains("create") ? "build" : event.contains("confirm") ? "confirm" : "resize";
            assertEquals(report.at("/request_ids/" + action).asText(), n.path("request_id").asText(),
                    event + " carries the request id of the API action that caused it");
            assertEquals(report.at("/steps/0/result/instance/uuid").asText(), uuid);
            actionOf.put(event, action);
        }
        assertFalse(actionOf.isEmpty());
    }

    /**
     * A billing consumer reads the legacy payload's keys: the same keys nova sends for that event,
     * each with the JSON type nova gives it (and, for timestamps, nova's format).
     */
    @Test
    void legacyPayloadsHaveNovasKeysAndValueTypes() throws Exception {
        Map<String, JsonNode> nova = legacyPayloadsFromNovaVectors();
        List<String> problems = new ArrayList<>();
        int legacy = 0;
        for (JsonNode n : received) {
            if (!n.path("topic").asText().equals("notifications")) {
                continue;
            }
            legacy++;
            String event = n.path("event_type").asText();
            JsonNode expected = nova.get(event);
            if (expected == null) {
                problems.add(event + ": no nova vector to compare with");
                continue;
            }
            Set<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            n.path("payload").fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String ours = shape(n.path("payload").get(key));
                String theirs = shape(expected.get(key));
                if (!ours.equals(theirs)) {
                    problems.add(event + " " + key + ": sent " + ours + ", nova sends " + theirs);
                }
            }
        }
        assertEquals(11, legacy, summary());
        assertEquals(List.of(), problems, "legacy payloads differ from nova's");
    }

    @Test
    void versionedPayloadsDescribeTheResize() {
        JsonNode prep = payload("instance.resize_prep.start");
        assertEquals("c1.medium", prep.at("/new_flavor/nova_object.data/name").asText(), prep.toString());
        assertEquals("hostA", prep.path("host").asText(), "prep_resize runs before the instance moves");
        JsonNode finish = payload("instance.resize_finish.end");
        assertEquals("hostB", finish.path("host").asText());
        assertEquals("c1.medium", finish.at("/flavor/nova_object.data/name").asText());
        assertEquals("resized", finish.path("state").asText());
        JsonNode confirmed = payload("instance.resize_confirm.end");
        assertEquals("active", confirmed.path("state").asText());
        assertEquals("c1.medium", confirmed.at("/flavor/nova_object.data/name").asText());
        JsonNode exists = payload("instance.exists");
        assertFalse(exists.path("audit_period").isMissingNode(), exists.toString());
    }

    // --- helpers ---

    private JsonNode ok(String name) {
        for (JsonNode s : report.path("steps")) {
            if (s.path("name").asText().equals(name)) {
                assertTrue(s.path("ok").asBoolean(), name + " failed in nova's client: " + s + "\n"
                        + flow.diagnostics());
                return s;
            }
        }
        throw new AssertionError("the flow never reached " + name + ": " + report + "\n" + flow.diagnostics());
    }

    private static String migrationStatus(JsonNode state) {
        return state.path("migrations").path(0).path("status").asText(null);
    }

    private static List<String> events(JsonNode state) {
        List<String> out = new ArrayList<>();
        state.path("events").forEach(e -> out.add(e.path("event").asText() + ":" + e.path("result").asText()));
        return out;
    }

    private List<String> eventTypes(String topic, String publisher) {
        return received.stream().filter(n -> n.path("topic").asText().equals(topic)
                && n.path("publisher_id").asText().equals(publisher)).map(n -> n.path("event_type").asText()).toList();
    }

    private static String instanceOf(JsonNode n) {
        JsonNode p = n.path("payload");
        return p.has("nova_object.data") ? p.at("/nova_object.data/uuid").asText() : p.path("instance_id").asText();
    }

    private JsonNode payload(String eventType) {
        return received.stream().filter(n -> n.path("event_type").asText().equals(eventType)).findFirst()
                .map(n -> n.at("/payload/nova_object.data"))
                .orElseThrow(() -> new AssertionError("no " + eventType + "; " + summary()));
    }

    /** What arrived, one line each, for failure messages. */
    private String summary() {
        StringBuilder b = new StringBuilder("received " + received.size() + " notification(s):");
        for (JsonNode n : received) {
            b.append("\n  ").append(n.path("topic").asText()).append(' ').append(n.path("priority").asText())
                    .append(' ').append(n.path("publisher_id").asText()).append(' ')
                    .append(n.path("event_type").asText());
        }
        return b.toString();
    }

    /** Legacy event type -> the payload nova itself produced for it (nova-vectors). */
    private static Map<String, JsonNode> legacyPayloadsFromNovaVectors() throws Exception {
        Map<String, JsonNode> payloads = new TreeMap<>();
        try (Stream<Path> files = Files.list(vectorDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("notif_")).sorted().toList()) {
                JsonNode vector = Json.parse(Files.readString(f, StandardCharsets.UTF_8));
                for (JsonNode m : vector.path("messages")) {
                    JsonNode msg = m.path("oslo_message");
                    if (m.path("routing_key").asText().startsWith("notifications.") && msg.path("payload").isObject()) {
                        payloads.putIfAbsent(msg.path("event_type").asText(), msg.path("payload"));
                    }
                }
            }
        }
        return payloads;
    }

    /** A value's JSON type; for a timestamp its format, digits masked ("9999-99-99T99:99:99.999999"). */
    private static String shape(JsonNode v) {
        if (v == null) {
            return "absent";
        }
        if (v.isTextual()) {
            String t = v.textValue();
            return t.matches("\\d{4}-\\d\\d-\\d\\d.*") ? "timestamp " + t.replaceAll("\\d", "9") : "string";
        }
        return v.isIntegralNumber() ? "integer" : v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Path vectorDir() throws URISyntaxException {
        return Path.of(NovaResizeInteropTest.class.getResource("/nova-vectors/README.md").toURI()).getParent();
    }
}
