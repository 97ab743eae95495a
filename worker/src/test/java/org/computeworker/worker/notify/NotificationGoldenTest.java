package org.computeworker.worker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.config.NotificationOptions;
import org.computeworker.worker.errors.NovaException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Notifier's messages against nova's own, built from the same objects: every key, every value
 * type, every value except those that change on every run.
 */
class NotificationGoldenTest {
    /** Values that differ on every run (ids, clocks) or cannot be Python's (where in the code it failed). */
    private static final Pattern CHANGES_EVERY_RUN = Pattern.compile("\\$\\.(message_id|timestamp|_unique_id"
            + "|_context_timestamp|payload\\.audit_period_ending"
            + "|payload\\.nova_object\\.data\\.audit_period\\.nova_object\\.data\\.audit_period_ending)"
            + "|.*\\.nova_object\\.data\\.(module_name|function_name|traceback)");
    private static final Pattern PY_NAIVE_DATETIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");

    record Case(String vector, String driver, Consumer<Notifier> action) {
        @Override
        public String toString() {
            return vector + " (" + driver + ")";
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        // captured from a real broker by capture.py
        for (Phase phase : List.of(Phase.START, Phase.END)) {
            String p = phase.suffix();
            cases.add(new Case("notif_messagingv2_resize_prep_" + p + ".json", "messagingv2", n -> {
                ObjectNode rpc = NovaVectors.rpcMessage("rpc_cast_prep_resize.json");
                n.prepResize(NovaVectors.context(rpc), NovaVectors.instance(rpc), phase,
                        Flavor.from(rpc.path("args").get("flavor")));
            }));
            cases.add(new Case("notif_messagingv2_finish_resize_" + p + ".json", "messagingv2", n -> {
                ObjectNode rpc = NovaVectors.rpcMessage("rpc_cast_finish_resize.json");
                Instance instance = NovaVectors.instance(rpc);
                ObjectNode changes = (ObjectNode) Json.parse("{\"host\": \"hostB\", \"node\": \"hostB.example.org\","
                        + " \"task_state\": \"resize_finish\", \"power_state\": 1, \"flavor_from\": \"new_flavor\"}");
                if (phase == Phase.END) {
                    changes.put("vm_state", "resized").putNull("task_state");
                }
                NovaVectors.apply(instance, changes);
                n.finishResize(NovaVectors.context(rpc), instance, phase, captureBdms(instance.uuid()));
            }));
            cases.add(new Case("notif_messagingv2_power_on_" + p + ".json", "messagingv2", n -> {
                ObjectNode rpc = NovaVectors.rpcMessage("rpc_cast_start_instance.json");
                Instance instance = NovaVectors.instance(rpc);
                if (phase == Phase.END) {
                    NovaVectors.apply(instance, Json.parse(
                            "{\"vm_state\": \"active\", \"task_state\": null, \"power_state\": 1}"));
                }
                n.powerOn(NovaVectors.context(rpc), instance, phase);
            }));
        }
        cases.add(new Case("notif_messaging_v1_power_on_start.json", "messaging", n -> {
            ObjectNode rpc = NovaVectors.rpcMessage("rpc_cast_start_instance.json");
            n.powerOn(NovaVectors.context(rpc), NovaVectors.instance(rpc), Phase.START);
        }));
        // nova's helpers run by capture_notifications.py on the same objects
        for (Phase phase : List.of(Phase.START, Phase.END)) {
            String p = phase.suffix();
            cases.add(more("power_off_" + p, (n, in) -> n.powerOff(in.ctx, in.instance, phase)));
            cases.add(more("resize_" + p, (n, in) -> n.resize(in.ctx, in.instance, phase, in.bdms)));
            cases.add(more("resize_confirm_" + p, (n, in) -> n.confirmResize(in.ctx, in.instance, phase)));
            cases.add(more("resize_revert_" + p, (n, in) -> n.finishRevertResize(in.ctx, in.instance, phase, in.bdms)));
        }
        cases.add(more("resize_error", (n, in) -> n.resizeError(in.ctx, in.instance, in.error)));
        cases.add(more("resize_revert_dest_exists", (n, in) -> n.revertResizeAtDestination(in.ctx, in.instance)));
        cases.add(more("create_start", (n, in) -> n.createStart(in.ctx, in.instance,
                in.rpc.path("args").path("image").path("name").asText(), in.buildBdms())));
        cases.add(more("create_end", (n, in) -> n.createEnd(in.ctx, in.instance, in.buildBdms())));
        cases.add(more("create_error", (n, in) -> n.createError(in.ctx, in.instance, in.error, in.buildBdms())));
        for (String kind : List.of("nova", "builtin")) {
            cases.add(more("wrap_exception_" + kind, (n, in) -> n.exception(in.ctx, "start_instance",
                    (ObjectNode) in.rpc.get("args"), in.error)));
        }
        return cases.stream().map(Arguments::of);
    }

    /** What capture_notifications.py recorded under "inputs", rebuilt. */
    static final class Inputs {
        final ObjectNode rpc;
        final RequestContext ctx;
        final Instance instance;
        final BlockDeviceMappingList bdms;
        final RuntimeException error;

        Inputs(JsonNode inputs) {
            rpc = NovaVectors.rpcMessage(inputs.path("rpc_vector").asText());
            ctx = NovaVectors.context(rpc);
            instance = NovaVectors.instance(rpc);
            NovaVectors.apply(instance, inputs.path("instance_changes"));
            bdms = BlockDeviceMappingList.from(inputs.get("bdms"));
            error = error(inputs.get("exception"));
        }

        BlockDeviceMappingList buildBdms() {
            return BlockDeviceMappingList.from(rpc.path("args").get("block_device_mapping"));
        }

        private static RuntimeException error(JsonNode e) {
            if (e == null) {
                return null;
            }
            if (e.has("nova_class")) {
                Map<String, Object> kwargs = Json.MAPPER.convertValue(e.get("kwargs"),
                        new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() { });
                return new NovaException(e.get("nova_class").asText(), e.get("code").asInt(), e.get("message").asText(),
                        kwargs);
            }
            return new PythonBuiltinError(e.get("builtin_class").asText(), e.path("args").get(0).asText());
        }
    }

    interface MoreAction {
        void run(Notifier notifier, Inputs inputs);
    }

    private static Case more(String name, MoreAction action) {
        String vector = "notif_more_" + name + ".json";
        return new Case(vector, "messagingv2",
                n -> action.run(n, new Inputs(NovaVectors.load(vector).path("inputs"))));
    }

    /** capture.py's make_bdms(with_volume=True): a local root disk and one attached volume. */
    static BlockDeviceMappingList captureBdms(String instanceUuid) {
        return BlockDeviceMappingList.from(Json.parse("{\"nova_object.name\": \"BlockDeviceMappingList\","
                + " \"nova_object.namespace\": \"nova\", \"nova_object.version\": \"1.18\", \"nova_object.data\":"
                + " {\"objects\": [" + bdm(101, instanceUuid, "local", "/dev/vda", "0", true, null) + ", "
                + bdm(102, instanceUuid, "volume", "/dev/vdb", "null", false,
                "6dc6e7a0-613e-57a3-b3b9-baee0143c5bd") + "]}}"));
    }

    private static String bdm(int id, String instanceUuid, String destination, String device, String bootIndex,
                              boolean deleteOnTermination, String volumeId) {
        return "{\"nova_object.name\": \"BlockDeviceMapping\", \"nova_object.namespace\": \"nova\","
                + " \"nova_object.version\": \"1.21\", \"nova_object.data\": {\"id\": " + id
                + ", \"instance_uuid\": \"" + instanceUuid + "\", \"destination_type\": \"" + destination
                + "\", \"device_name\": \"" + device + "\", \"boot_index\": " + bootIndex
                + ", \"delete_on_termination\": " + deleteOnTermination + ", \"volume_id\": "
                + (volumeId == null ? "null" : "\"" + volumeId + "\"") + ", \"tag\": null}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNova(Case c) {
        JsonNode vector = NovaVectors.load(c.vector);
        List<JsonNode> expected = new ArrayList<>();
        vector.path("messages").forEach(expected::add);
        String firstTimestamp = message(expected.get(0)).path("timestamp").asText();
        Clock clock = Clock.fixed(NovaTime.parse(firstTimestamp), ZoneOffset.UTC);

        List<OutboundNotification> sent = new ArrayList<>();
        Notifier notifier = new Notifier(settings(c.driver), sent::add, clock);
        c.action.accept(notifier);

        assertEquals(expected.size(), sent.size(), () -> "nova sent " + vector.path("event_types") + ", we sent "
                + sent.stream().map(OutboundNotification::eventType).toList());
        List<String> problems = new ArrayList<>();
        for (JsonNode e : expected) {
            ObjectNode novaMessage = (ObjectNode) message(e);
            String eventType = novaMessage.path("event_type").asText();
            OutboundNotification ours = sent.stream().filter(s -> s.eventType().equals(eventType)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + eventType + " sent"));
            assertEquals(e.path("routing_key").asText(), ours.routingKey(), eventType + " routing key");
            ObjectNode body = (ObjectNode) Json.parse(ours.body());
            assertEquals("messaging".equals(c.driver), !body.has(OsloEnvelope.VERSION_KEY),
                    eventType + ": the messaging driver sends 1.0 bodies, messagingv2 the 2.0 envelope");
            ObjectNode ourMessage = OsloEnvelope.decode(ours.body());
            if (!novaMessage.has("_unique_id")) {
                ourMessage.remove("_unique_id"); // taken before the rabbit driver adds it
            }
            JsonShape.differences(novaMessage, ourMessage, path -> CHANGES_EVERY_RUN.matcher(path).matches())
                    .forEach(d -> problems.add(eventType + " " + d));
            checkAuditEnding(ourMessage, eventType, problems);
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " difference(s) from nova:\n  " + String.join("\n  ", problems));
        }
    }

    private static void checkAuditEnding(ObjectNode message, String eventType, List<String> problems) {
        JsonNode ending = message.path("payload").get("audit_period_ending");
        if (ending != null && !PY_NAIVE_DATETIME.matcher(ending.asText()).matches()) {
            problems.add(eventType + " audit_period_ending '" + ending.asText() + "' is not python's str(datetime)");
        }
    }

    private static JsonNode message(JsonNode captured) {
        JsonNode m = captured.get("oslo_message");
        return m == null || m.isNull() ? captured.get("body") : m;
    }

    static NotifierSettings settings(String driver) {
        NotificationOptions options = new NotificationOptions(List.of(driver), List.of("notifications"), null,
                NotificationOptions.BOTH, List.of("versioned_notifications"), false,
                "http://glance.example.org:9292");
        return NotifierSettings.of("hostA", options, "month", InstanceNames.DEFAULT_TEMPLATE);
    }
}
