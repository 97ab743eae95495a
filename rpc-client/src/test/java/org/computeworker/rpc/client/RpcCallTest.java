package org.computeworker.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.computeworker.messages.Json;
import org.computeworker.messages.rpc.RemoteFailure;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** Calls answered by a raw amqp-client stand-in: results, heartbeats, silence, failures, old replies. */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class RpcCallTest {
    private static final String EXCHANGE = "nova_calltest";
    private static final RequestContext CTX = RequestContexts.admin("admin", "admin");
    private static CachingConnectionFactory connections;
    private static RpcClient client;
    private static RawAmqp raw;

    @BeforeAll
    static void connect(TestBroker broker) throws Exception {
        connections = BrokerConnectionFactory.forUrl(broker.transportUrl()).build();
        client = new RpcClient(connections, MessagingOptions.defaults().withControlExchange(EXCHANGE));
        raw = new RawAmqp(broker);
    }

    @AfterAll
    static void disconnect() throws Exception {
        client.close();
        connections.destroy();
        raw.close();
    }

    private static StandInServer server(String host, StandInServer.Behaviour behaviour) throws Exception {
        return new StandInServer(raw, EXCHANGE, "compute", host, behaviour);
    }

    private static JsonNode call(String host, Duration timeout, Duration callMonitor) {
        return client.call(Target.topic("compute").withServer(host), CTX, "work", Json.object(), "6.0", timeout,
                callMonitor);
    }

    @Test
    void returnsTheResult() throws Exception {
        try (StandInServer s = server("result", (req, reply) -> reply.result(Json.parse("{\"a\": [1, 2.50]}")))) {
            assertEquals(Json.parse("{\"a\": [1, 2.50]}"), call("result", Duration.ofSeconds(5), null));
        }
    }

    @Test
    void heartbeatsKeepACallAlivePastTheCallMonitorTimeout() throws Exception {
        try (StandInServer s = server("beating", (req, reply) -> {
            for (int i = 0; i < 8; i++) {
                Thread.sleep(300);
                reply.heartbeat();
            }
            reply.result(Json.NODES.textNode("done"));
        })) {
            long start = System.nanoTime();
            JsonNode result = call("beating", Duration.ofSeconds(20), Duration.ofSeconds(1));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("done", result.textValue());
            assertTrue(elapsedMs >= 2400, "the call outlived its 1 s call monitor: " + elapsedMs + " ms");
        }
    }

    @Test
    void silenceFailsAfterTheCallMonitorTimeoutNotTheWholeTimeout() throws Exception {
        try (StandInServer s = server("silent", (req, reply) -> { })) {
            long start = System.nanoTime();
            MessagingTimeout e = assertThrows(MessagingTimeout.class,
                    () -> call("silent", Duration.ofSeconds(30), Duration.ofSeconds(1)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 1000 && elapsedMs < 5000, "timed out after " + elapsedMs + " ms");
            assertTrue(e.getMessage().contains("call-monitor"), e.getMessage());
        }
    }

    @Test
    void theWholeTimeoutBoundsACallEvenWithHeartbeats() throws Exception {
        try (StandInServer s = server("forever", (req, reply) -> {
            for (int i = 0; i < 20; i++) {
                Thread.sleep(200);
                reply.heartbeat();
            }
        })) {
            long start = System.nanoTime();
            assertThrows(MessagingTimeout.class, () -> call("forever", Duration.ofSeconds(2), Duration.ofSeconds(1)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 2000 && elapsedMs < 3500, "timed out after " + elapsedMs + " ms");
        }
    }

    @Test
    void noServerTimesOutWithMessagingTimeout() {
        long start = System.nanoTime();
        assertThrows(MessagingTimeout.class, () -> call("nobody-home", Duration.ofSeconds(1), null));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3000);
    }

    @Test
    void aFailureReplyRaisesRemoteErrorWithNovasExceptionDetails() throws Exception {
        JsonNode vectorReply = Vectors.load("rpc_call_failure_nova_exception").get("replies").get(0)
                .get("oslo_message");
        RemoteFailure failure = RemoteFailure.fromJsonString(vectorReply.get("failure").textValue());
        try (StandInServer s = server("failing", (req, reply) -> reply.failure(failure))) {
            RemoteError e = assertThrows(RemoteError.class, () -> call("failing", Duration.ofSeconds(5), null));
            assertEquals("nova.exception.InstanceInvalidState", e.qualifiedName());
            assertEquals("InstanceInvalidState", e.remoteClass());
            assertEquals("nova.exception", e.remoteModule());
            assertEquals("36376f8e-4143-5cef-94ba-244ff58422b7", e.kwargs().get("instance_uuid").textValue());
            assertEquals(400, e.kwargs().get("code").intValue());
            assertTrue(e.remoteMessage().startsWith("Instance 36376f8e"), e.remoteMessage());
            assertTrue(e.getMessage().startsWith("nova.exception.InstanceInvalidState: Instance"), e.getMessage());
            assertTrue(e.remoteTraceback().size() > 1);
        }
    }

    @Test
    void acceptsTheOldResultThenEndingPairOfReplies() throws Exception {
        try (StandInServer s = server("oldstyle", (req, reply) -> {
            ObjectNode first = Json.object();
            first.put("result", "old").putNull("failure");
            first.put("_msg_id", req.msgId()).put("_unique_id", "u1");
            reply.send(first);
            ObjectNode second = Json.object();
            second.putNull("result").putNull("failure");
            second.put("ending", true).put("_msg_id", req.msgId()).put("_unique_id", "u2");
            reply.send(second);
        })) {
            assertEquals("old", call("oldstyle", Duration.ofSeconds(5), null).textValue());
        }
    }

    @Test
    void concurrentCallsGetTheirOwnReplies() throws Exception {
        try (StandInServer s = server("echo", (req, reply) -> {
            Thread.sleep((long) (Math.random() * 200));
            reply.result(req.args().get("n"));
        })) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ObjectNode args = Json.object().put("n", i);
                results.add(pool.submit(() -> client.call(Target.topic("compute").withServer("echo"), CTX, "echo",
                        args, "6.0", Duration.ofSeconds(10), null)));
            }
            for (int i = 0; i < 40; i++) {
                assertEquals(i, results.get(i).get().intValue());
            }
            pool.shutdown();
        }
    }
}
