package org.computeworker.rpc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.rpc.RemoteFailure;
import org.computeworker.rpc.client.RawAmqp;
import org.computeworker.rpc.client.StandInServer;
import org.computeworker.rpc.client.Vectors;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** compute-rpc run in-process against the broker, its output and exit codes checked. */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class ComputeRpcTest {
    private static final String EXCHANGE = "nova_cli";
    private static String url;
    private static RawAmqp raw;

    @BeforeAll
    static void connect(TestBroker broker) throws Exception {
        url = broker.transportUrl();
        raw = new RawAmqp(broker);
    }

    @AfterAll
    static void disconnect() throws Exception {
        raw.close();
    }

    /** One finished run. */
    record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ComputeRpc.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--transport-url", url, "--control-exchange", EXCHANGE));
        return run(Map.of(), all.toArray(String[]::new));
    }

    @Test
    void castSendsTheMethodWithAnAdminContext() throws Exception {
        String probe = raw.probe(EXCHANGE, "compute.cli-cast");
        Run r = run("cast", "cli-cast", "start_instance", "--args", "{\"instance\": {\"uuid\": \"u1\"}}",
                "--user", "ops", "--project", "infra");
        assertEquals(0, r.exit(), r.err());
        GetResponse got = raw.next(probe, Duration.ofSeconds(5));
        assertNotNull(got);
        ObjectNode m = OsloEnvelope.decode(got.getBody());
        assertEquals("start_instance", m.get("method").textValue());
        assertEquals("6.0", m.get("version").textValue());
        assertEquals("u1", m.get("args").get("instance").get("uuid").textValue());
        assertTrue(m.get("_context_request_id").textValue().matches("req-[0-9a-f-]{36}"));
        assertTrue(m.get("_context_is_admin").booleanValue());
        assertEquals("ops", m.get("_context_user_id").textValue());
        assertEquals("infra", m.get("_context_project_id").textValue());
        assertTrue(r.err().contains(m.get("_context_request_id").textValue()), "the request id is shown");
    }

    @Test
    void callPrintsTheResultOrTheRemoteErrorWithANonZeroExit(@TempDir Path dir) throws Exception {
        RemoteFailure failure = RemoteFailure.fromJsonString(Vectors.load("rpc_call_failure_nova_exception")
                .get("replies").get(0).get("oslo_message").get("failure").textValue());
        try (StandInServer server = new StandInServer(raw, EXCHANGE, "compute", "cli-call", (req, reply) -> {
            if (req.method().equals("get_instance_diagnostics")) {
                reply.failure(failure);
            } else {
                reply.result(Json.object().put("echo", req.args().get("x").intValue()).put("ns", req.namespace()));
            }
        })) {
            Path args = dir.resolve("args.json");
            Files.writeString(args, "{\"x\": 7}");
            Run ok = run("call", "cli-call", "anything", "--args", "@" + args, "--namespace", "test",
                    "--version", "1.3", "--timeout", "5");
            assertEquals(0, ok.exit(), ok.err());
            assertEquals(Json.parse("{\"echo\": 7, \"ns\": \"test\"}"), Json.parse(ok.out().trim()));
            assertEquals("1.3", server.received().poll(5, TimeUnit.SECONDS).request().version());

            Run failed = run("call", "cli-call", "get_instance_diagnostics", "--timeout", "5");
            assertEquals(ComputeRpc.REMOTE_ERROR, failed.exit());
            assertTrue(failed.err().contains("nova.exception.InstanceInvalidState"), failed.err());
            assertTrue(failed.err().contains("Cannot get_diagnostics while the instance is in this state"));
        }
        Run silent = run("call", "cli-nobody", "x", "--timeout", "0.5");
        assertEquals(ComputeRpc.TIMEOUT, silent.exit(), silent.err());
        assertTrue(silent.err().startsWith("MessagingTimeout"), silent.err());
    }

    @Test
    void pingAndInstanceStatePrintTheirReplies() throws Exception {
        try (StandInServer server = new StandInServer(raw, EXCHANGE, "compute", "cli-host", (req, reply) -> {
            if (req.namespace().equals("baseapi")) {
                reply.result(Json.object().put("service", "compute").set("arg", req.args().get("arg")));
            } else {
                reply.result(Json.object().put("uuid", req.args().get("instance_uuid").textValue())
                        .put("vm_state", "active"));
            }
        })) {
            Run ping = run("ping", "cli-host");
            assertEquals(0, ping.exit(), ping.err());
            assertEquals("compute", Json.parse(ping.out().trim()).get("service").textValue());
            assertEquals("ping", server.received().poll(5, TimeUnit.SECONDS).request().method());

            Run state = run("instance-state", "cli-host", "u-42");
            assertEquals(0, state.exit(), state.err());
            assertEquals(Json.parse("{\"uuid\": \"u-42\", \"vm_state\": \"active\"}"), Json.parse(state.out().trim()));
            var request = server.received().poll(5, TimeUnit.SECONDS).request();
            assertEquals("computeworker", request.namespace());
            assertEquals("get_instance_state", request.method());
        }
    }

    @Test
    void notificationsPrintsOneJsonLineEach() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ComputeRpc.run(new String[] {
            "notifications", "--count", "2", "--duration", "20", "--transport-url", url,
            "--control-exchange", EXCHANGE}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!err.toString(StandardCharsets.UTF_8).contains("listening") && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        for (String vector : List.of("notif_messagingv2_power_on_end", "notif_messaging_v1_power_on_end")) {
            JsonNode m = Vectors.load(vector).get("messages").get(0);
            raw.channel().basicPublish(EXCHANGE, "notifications.info", null,
                    m.get("body_raw").textValue().getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(0, exit.get(20, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
        assertEquals(2, lines.length, out.toString(StandardCharsets.UTF_8));
        for (String line : lines) {
            assertEquals("compute.instance.power_on.end", Json.parse(line).get("event_type").textValue());
        }
    }

    @Test
    void theBrokerIsFoundInTheConfigTheEmbeddedBrokerFileOrTheEnvironment(@TempDir Path dir) throws Exception {
        String probe = raw.probe(EXCHANGE, "compute.cli-where");
        Path conf = dir.resolve("nova.conf");
        Files.writeString(conf, "[DEFAULT]\ntransport_url = " + url + "\ncontrol_exchange = " + EXCHANGE + "\n");
        assertEquals(0, run(Map.of(), "cast", "cli-where", "m1", "--config", conf.toString()).exit());

        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("embedded-broker.url"), url + "\n");
        Path conf2 = dir.resolve("nova2.conf");
        Files.writeString(conf2, "[DEFAULT]\nstate_path = " + state + "\ncontrol_exchange = " + EXCHANGE + "\n");
        assertEquals(0, run(Map.of(), "cast", "cli-where", "m2", "--config", conf2.toString()).exit());

        Map<String, String> env = new HashMap<>();
        env.put("TRANSPORT_URL", url);
        assertEquals(0, run(env, "cast", "cli-where", "m3", "--control-exchange", EXCHANGE).exit());

        for (String expected : List.of("m1", "m2", "m3")) {
            GetResponse got = raw.next(probe, Duration.ofSeconds(5));
            assertNotNull(got, "missing " + expected);
            assertEquals(expected, OsloEnvelope.decode(got.getBody()).get("method").textValue());
        }

        Run nowhere = run(Map.of(), "cast", "cli-where", "m4");
        assertEquals(ComputeRpc.FAILURE, nowhere.exit());
        assertTrue(nowhere.err().contains("--transport-url") && nowhere.err().contains("TRANSPORT_URL"),
                nowhere.err());

        Path conf3 = dir.resolve("nova3.conf");
        Files.writeString(conf3, "[DEFAULT]\nstate_path = " + dir.resolve("other-state") + "\n");
        Run notThere = run(Map.of(), "cast", "cli-where", "m5", "--config", conf3.toString());
        assertEquals(ComputeRpc.FAILURE, notThere.exit());
        assertTrue(notThere.err().contains(dir.resolve("other-state").resolve("embedded-broker.url").toString()),
                notThere.err());
    }

    @Test
    void badUsageIsExplained() {
        Run notJson = run("cast", "h", "m", "--args", "{oops");
        assertEquals(ComputeRpc.USAGE, notJson.exit());
        assertTrue(notJson.err().contains("--args is not JSON"), notJson.err());
        Run notObject = run("cast", "h", "m", "--args", "[1]");
        assertEquals(ComputeRpc.USAGE, notObject.exit());
        assertTrue(notObject.err().contains("JSON object"), notObject.err());
        Run bare = run(Map.of());
        assertEquals(ComputeRpc.USAGE, bare.exit());
        assertTrue(bare.err().contains("subcommand"), bare.err());
        Run help = run(Map.of(), "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("notifications") && help.out().contains("instance-state"));
    }
}
