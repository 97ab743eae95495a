package org.computeworker.worker.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.objects.Instance;
import org.computeworker.rpc.client.WorkerExtensionClient;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.notify.OutboundNotification;
import org.computeworker.worker.state.JournalEntry;
import org.computeworker.worker.support.ComputeHost;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.virt.PowerState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * nova's own Python client code — {@code nova.compute.rpcapi.ComputeAPI}, {@code nova.baserpc.BaseAPI}
 * and a plain oslo RPCClient with nova's serializer — drives one Java worker over RabbitMQ
 * (test resource interop/compute_api_steps.py, run once for the class). The Python side reports
 * what nova's caller saw (results, exceptions as oslo rebuilt them, the worker's state after each
 * step); the Java side checks what the worker received and applied. Needs Debian's python3-nova
 * and python3-oslo.messaging: fails, never skips, without them.
 */
@ExtendWith(RabbitBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("nova")
class NovaComputeApiInteropTest {
    private static final String HOST = "api-interop";

    private ComputeHost host;
    private Conductor conductor;
    private PythonNova python;
    private JsonNode report;
    private String uuid;
    private String neverBuilt;

    @BeforeAll
    void runNovaAgainstTheWorker(TestBroker broker) throws Exception {
        PythonNova.requireNova();
        host = ComputeHost.start(broker, HOST);
        conductor = new Conductor(broker);
        Path scripts = PythonNova.scripts();
        python = PythonNova.start(scripts, "compute_api_steps.py", broker.transportUrl(), HOST, scripts.toString());
        python.awaitExit(Duration.ofSeconds(240));
        report = python.report();
        uuid = report.path("instance_uuid").asText();
        neverBuilt = report.path("never_built_uuid").asText();
    }

    @AfterAll
    void stop() throws Exception {
        if (python != null) {
            python.close();
        }
        if (conductor != null) {
            conductor.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void buildStopAndStartThroughNovasComputeApi() {
        JsonNode build = ok("build_and_run_instance");
        assertInstance(build.path("result"), "active", 1, "after build_and_run_instance");

        JsonNode stop = ok("stop_instance_call");
        assertTrue(stop.at("/result/returned").isNull(), "ComputeAPI.stop_instance(do_cast=False) returns None: "
                + stop);
        assertInstance(stop.at("/result/state_on_return"), "stopped", 4,
                "the moment the stop_instance call returned (the reply comes after the work)");

        JsonNode start = ok("start_instance_cast");
        assertInstance(start.path("result"), "active", 1, "after start_instance");
        assertInstance(report.path("final_state"), "active", 1, "at the end (refused steps changed nothing)");
    }

    @Test
    void baseApiPingAnswersLikeNova() {
        JsonNode ping = ok("baseapi_ping");
        assertEquals(Json.parse("{\"service\": \"compute\", \"arg\": {\"probe\": \"hello\", \"n\": 1}}"),
                ping.path("result"), "BaseAPI('compute').ping returns {'service': 'compute', 'arg': arg}");
    }

    @Test
    void dispatcherErrorsArriveAsOslosRemoteError() {
        assertRemoteError(failed("no_such_method"), "NoSuchMethod",
                "Endpoint does not support RPC method frobnicate_instance");
        assertRemoteError(failed("unsupported_version"), "UnsupportedVersion",
                "Endpoint does not support RPC version 6.2. Attempted method: stop_instance");
        assertFalse(eventRequestIds().contains(report.at("/request_ids/stop-6.2").asText()),
                "the 6.2 stop_instance was refused before anything ran");
    }

    @Test
    void aRefusedStaleCallRaisesNovasUnexpectedTaskStateError() {
        JsonNode e = failed("stale_start_instance_call").path("exception");
        assertNovaException(e, "UnexpectedTaskStateError", 500);
        assertEquals(uuid, e.at("/kwargs/instance_uuid").asText());
        assertTrue(e.path("message").asText().startsWith("Conflict updating instance " + uuid + ". Expected: "),
                e.toString());
        assertFalse(eventRequestIds().contains(report.at("/request_ids/stale-start").asText()),
                "a refused message leaves no instance action event");
    }

    /**
     * nova's UnexpectedTaskStateError carries dicts: nova/db/main/api.py _instance_update raises
     * {@code UnexpectedTaskStateError(instance_uuid=..., expected={'task_state': [<expected values>]},
     * actual={'task_state': <actual value>})}, adding a 'vm_state' key in the same shape when it also
     * checks vm_state (expected_vm_state). The worker's admission checks both, so both keys come,
     * and Python code reading e.kwargs['actual']['task_state'] works as with nova.
     */
    @Test
    void unexpectedTaskStateErrorKwargsHaveNovasShape() {
        JsonNode e = failed("stale_start_instance_call").path("exception");
        String nova = "expected={'task_state': ['powering-on'], 'vm_state': ['stopped']}\n"
                + "actual={'task_state': None, 'vm_state': 'active'}\n"
                + "message=Conflict updating instance " + uuid
                + ". Expected: {'task_state': ['powering-on'], 'vm_state': ['stopped']}."
                + " Actual: {'task_state': None, 'vm_state': 'active'}";
        String worker = "expected=" + e.at("/kwargs/expected").asText() + "\n"
                + "actual=" + e.at("/kwargs/actual").asText() + "\n"
                + "message=" + e.path("message").asText();
        assertEquals(nova, worker, "UnexpectedTaskStateError as nova's DB layer raises it (kwargs as the Python "
                + "caller sees them, dicts by repr) vs as the worker sent it");
    }

    @Test
    void aDriverFailureRaisesNovasInstanceNotFound() {
        JsonNode e = failed("stop_instance_never_built").path("exception");
        assertNovaException(e, "InstanceNotFound", 404);
        assertEquals("Instance " + neverBuilt + " could not be found.", e.path("message").asText());
        assertEquals(Map.of("instance_id", neverBuilt, "code", 404),
                Json.MAPPER.convertValue(e.path("kwargs"), Map.class), "nova's kwargs exactly");
        JsonNode after = report.at("/final_state_never_built/instance");
        assertTrue(after.path("task_state").isNull(), "reverts_task_state cleared powering-off: " + after);
        assertEquals(List.of("compute_stop_instance:Error"), host.stores().actions().eventsFor(neverBuilt).stream()
                .map(ev -> ev.event() + ":" + ev.result()).toList());
        assertEquals(List.of("compute.instance.power_off.start", "instance.power_off.start", "stop_instance",
                        "compute.exception"), host.notifications().eventsFor(neverBuilt),
                "power_off.start, then wrap_exception's error notifications");
    }

    /** The Java side: what the worker holds came from nova's objects, field by field, correctly typed. */
    @Test
    void theWorkerHoldsWhatNovaSent() throws Exception {
        Instance held = host.instance(uuid).orElseThrow();
        assertEquals("active", held.vmState());
        assertNull(held.taskState());
        assertEquals(PowerState.RUNNING.code(), held.powerState());
        assertEquals("interop-vm-1", held.displayName());
        assertEquals(report.path("user_id").asText(), held.userId());
        assertEquals(report.path("project_id").asText(), held.projectId());
        assertEquals(report.path("image_id").asText(), held.imageRef());
        assertEquals(HOST, held.host());
        assertEquals("c1.small", held.flavor().name());
        assertEquals(2048, held.flavor().memoryMb());
        assertEquals(1, held.flavor().vcpus());
        assertEquals(Map.of("role", "interop"), held.metadata());
        assertEquals("qcow2", held.systemMetadata().get("image_disk_format"));
        assertEquals("10.0.0.5", held.infoCache().networkInfo().path(0).at("/network/subnets/0/ips/0/address")
                .asText(), "network_info of the InstanceInfoCache");
        assertEquals(PowerState.RUNNING, host.driver().powerState(uuid));

        ObjectNode viaRpc = new WorkerExtensionClient(conductor.rpc()).getInstanceState(Conductor.context(), HOST, uuid,
                Duration.ofSeconds(15));
        assertEquals("active", viaRpc.at("/instance/vm_state").asText());
        assertEquals(List.of(
                        "compute__do_build_and_run_instance:Success:" + requestId("build"),
                        "compute_stop_instance:Success:" + requestId("stop"),
                        "compute_start_instance:Success:" + requestId("start")),
                host.stores().actions().eventsFor(uuid).stream()
                        .map(e -> e.event() + ":" + e.result() + ":" + e.requestId()).toList(),
                "one event per applied message, under the request id of nova's RequestContext");
    }

    /** Every message nova sent, as the worker journaled it: method, cast or call, outcome, request id. */
    @Test
    void theJournalSawCastsAndCallsAsNovaSentThem() {
        List<String> seen = host.app().journal().recent(100).stream()
                .filter(e -> !"get_instance_state".equals(e.method()))
                .sorted(java.util.Comparator.comparingLong(JournalEntry::seq))
                .map(e -> e.method() + (e.call() ? " call " : " cast ") + e.status().dbValue() + " " + e.requestId())
                .toList();
        assertEquals(List.of(
                "build_and_run_instance cast done " + requestId("build"),
                "stop_instance call done " + requestId("stop"),
                "start_instance cast done " + requestId("start"),
                "ping call done " + requestId("ping"),
                "frobnicate_instance call failed " + requestId("frobnicate"),
                "stop_instance call failed " + requestId("stop-6.2"),
                "start_instance call refused " + requestId("stale-start"),
                "stop_instance call failed " + requestId("stop-never-built")), seen);
    }

    @Test
    void notificationsCarryWhatNovaSent() {
        assertEquals(List.of(
                        "compute.instance.create.start", "instance.create.start",
                        "compute.instance.create.end", "instance.create.end",
                        "compute.instance.power_off.start", "instance.power_off.start",
                        "compute.instance.power_off.end", "instance.power_off.end",
                        "compute.instance.power_on.start", "instance.power_on.start",
                        "compute.instance.power_on.end", "instance.power_on.end"),
                host.notifications().eventsFor(uuid));
        ObjectNode createStart = message("compute.instance.create.start");
        assertEquals("cirros-0.6.2-x86_64-disk", createStart.at("/payload/image_name").asText(),
                "image_name from the glance image dict build_and_run_instance carried");
        assertEquals(requestId("build"), createStart.path("_context_request_id").asText());
        ObjectNode powerOn = message("instance.power_on.end");
        assertEquals(uuid, powerOn.at("/payload/nova_object.data/uuid").asText());
        assertEquals(requestId("start"), powerOn.path("_context_request_id").asText());
    }

    // --- helpers ---

    private ObjectNode message(String eventType) {
        OutboundNotification n = host.notifications().all().stream()
                .filter(x -> uuid.equals(x.orderingKey()) && x.eventType().equals(eventType)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + eventType + " for " + uuid));
        return OsloEnvelope.decode(n.body());
    }

    private String requestId(String action) {
        return report.path("request_ids").path(action).asText();
    }

    private List<String> eventRequestIds() {
        return host.stores().actions().eventsFor(uuid).stream().map(e -> e.requestId()).toList();
    }

    private JsonNode step(String name) {
        for (JsonNode s : report.path("steps")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step " + name + " in the report:\n" + Json.write(report));
    }

    private JsonNode ok(String name) {
        JsonNode s = step(name);
        assertTrue(s.path("ok").asBoolean(), name + " raised in nova's client: " + s + "\n" + python.diagnostics());
        return s;
    }

    private JsonNode failed(String name) {
        JsonNode s = step(name);
        assertFalse(s.path("ok").asBoolean(), name + " should have raised in nova's client: " + s);
        return s;
    }

    private static void assertInstance(JsonNode state, String vmState, int powerState, String when) {
        JsonNode i = state.path("instance");
        assertEquals(vmState, i.path("vm_state").asText(), when + ": " + state);
        assertTrue(i.path("task_state").isNull(), when + ": task_state " + i.path("task_state"));
        assertEquals(powerState, i.path("power_state").asInt(), when + ": " + state);
    }

    private static void assertRemoteError(JsonNode step, String excType, String value) {
        JsonNode e = step.path("exception");
        assertEquals("oslo_messaging.rpc.client.RemoteError", e.path("class").asText(), e.toString());
        assertEquals(excType, e.path("exc_type").asText(), e.toString());
        assertEquals(value, e.path("value").asText(), e.toString());
    }

    /** oslo rebuilt the failure as nova.exception's class: a subclass named {@code <Name>_Remote}. */
    private static void assertNovaException(JsonNode e, String name, int code) {
        assertEquals("nova.exception_Remote." + name + "_Remote", e.path("class").asText(), e.toString());
        assertEquals("nova.exception." + name, e.path("bases").path(0).asText(), e.toString());
        assertTrue(e.path("is_nova_exception").asBoolean(), e.toString());
        assertEquals(code, e.path("code").asInt(), e.toString());
        assertEquals(e.path("message").asText(), e.path("format_message").asText(),
                "str() of the rebuilt exception starts with nova's message: " + e);
    }
}
