package org.computeworker.worker.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.rpc.RpcReply;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.WorkerApplication;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.support.RawOsloCaller;
import org.computeworker.worker.support.TestWorkers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker's RPC server against a real broker: oslo's dispatch rules, replies, refusals. */
@ExtendWith(RabbitBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("broker")
class RpcServerTest {
    private static final String KEY = "compute.rpctest";
    private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());
    private WorkerApplication worker;
    private RawOsloCaller caller;

    @BeforeAll
    void start(TestBroker broker) throws Exception {
        RpcEndpoint compute = RpcEndpoint.builder("TestCompute", null, "6.1")
                .method("echo", call -> call.args())
                .method("record", call -> {
                    recorded.add(call.args().path("tag").asText());
                    return null;
                })
                .method("slow", call -> {
                    Thread.sleep(call.args().path("millis").asLong());
                    return Json.NODES.textNode("done");
                })
                .method("boom", call -> {
                    throw NovaErrors.instanceInvalidState("u-1", "power_state", "shutdown", "boom");
                })
                .method("_secret", call -> Json.NODES.textNode("leaked"))
                .build();
        worker = TestWorkers.start(TestWorkers.conf(broker, "rpctest"), TestWorkers.only(compute));
        caller = new RawOsloCaller(broker.amqpUrl(), "nova");
    }

    @AfterAll
    void stop() throws Exception {
        caller.close();
        worker.stop();
    }

    private RpcReply call(String method, ObjectNode args, String namespace, String version) throws Exception {
        RpcRequest request = caller.callRequest(method, args, namespace, version, null);
        caller.publish(KEY, request, "60000");
        RpcReply reply = caller.awaitFinal(request, 10_000, null);
        assertNotNull(reply, "no reply to " + method);
        return reply;
    }

    @Test
    void callGetsOneFinalReplyWithOslosProperties() throws Exception {
        ObjectNode args = Json.object().put("x", 1);
        RpcRequest request = caller.callRequest("echo", args, null, "6.0", null);
        caller.publish(KEY, request, "60000");
        Delivery d = caller.nextReply(10_000);
        assertNotNull(d);
        assertEquals("", d.getEnvelope().getExchange());
        assertEquals(caller.replyQueue(), d.getEnvelope().getRoutingKey());
        assertEquals("application/json", d.getProperties().getContentType());
        assertEquals("utf-8", d.getProperties().getContentEncoding());
        assertEquals(2, d.getProperties().getDeliveryMode());
        assertNull(d.getProperties().getExpiration());
        RpcReply reply = RpcReply.fromMessage(org.computeworker.messages.OsloEnvelope.decode(d.getBody()));
        assertTrue(reply.ending());
        assertEquals(request.msgId(), reply.msgId());
        assertEquals(args, reply.result());
        assertNull(caller.nextReply(300), "exactly one reply");
    }

    @Test
    void dispatcherRefusalsAreOslos() throws Exception {
        RpcReply unknown = call("frobnicate", Json.object(), null, "6.0");
        assertEquals("NoSuchMethod", unknown.failure().className());
        assertEquals("oslo_messaging.rpc.dispatcher", unknown.failure().module());
        assertEquals("Endpoint does not support RPC method frobnicate", unknown.failure().message());

        RpcReply newer = call("echo", Json.object(), null, "6.2");
        assertEquals("UnsupportedVersion", newer.failure().className());
        assertEquals("Endpoint does not support RPC version 6.2. Attempted method: echo", newer.failure().message());
        assertEquals("UnsupportedVersion", call("echo", Json.object(), null, "5.13").failure().className());
        assertEquals("UnsupportedVersion", call("echo", Json.object(), "nosuchns", "6.0").failure().className());
        assertEquals("NoSuchMethod", call("_secret", Json.object(), null, "6.0").failure().className());
    }

    @Test
    void baseApiPingAnswersLikeNova() throws Exception {
        ObjectNode args = Json.object();
        args.set("arg", Json.object().put("probe", "hello"));
        RpcReply reply = call("ping", args, "baseapi", "1.0");
        assertNull(reply.failure());
        assertEquals(Json.parse("{\"service\":\"compute\",\"arg\":{\"probe\":\"hello\"}}"), reply.result());
    }

    @Test
    void novaExceptionKeepsItsNameAndKwargs() throws Exception {
        RpcReply reply = call("boom", Json.object(), null, "6.0");
        assertEquals("InstanceInvalidState", reply.failure().className());
        assertEquals("nova.exception", reply.failure().module());
        assertEquals(400, reply.failure().kwargs().path("code").asInt());
        assertEquals("power_state", reply.failure().kwargs().path("attr").asText());
        assertEquals(reply.failure().message(), reply.failure().args().get(0).asText());
    }

    @Test
    void repeatedUniqueIdRunsOnce() throws Exception {
        RpcRequest cast = caller.castRequest("record", Json.object().put("tag", "once"), "6.0");
        caller.publish(KEY, cast, null);
        caller.publish(KEY, cast, null);
        RpcReply sync = call("echo", Json.object(), null, "6.0"); // a barrier: casts before it have run
        assertNotNull(sync);
        Thread.sleep(200);
        assertEquals(1, recorded.stream().filter("once"::equals).count());
    }

    @Test
    void longCallSendsHeartbeatsEveryHalfTimeout() throws Exception {
        RpcRequest request = caller.callRequest("slow", Json.object().put("millis", 3200), null, "6.0", 2.0);
        caller.publish(KEY, request, "60000");
        List<RpcReply> heartbeats = new ArrayList<>();
        RpcReply reply = caller.awaitFinal(request, 15_000, heartbeats);
        assertNotNull(reply);
        assertEquals("done", reply.result().asText());
        assertTrue(heartbeats.size() >= 2 && heartbeats.size() <= 4, "heartbeats: " + heartbeats.size());
        heartbeats.forEach(h -> assertTrue(h.isHeartbeat()));
    }

    @Test
    void callExpiredWhileWaitingIsNotExecuted() throws Exception {
        ObjectNode busy = Json.object().put("millis", 1500);
        busy.set("instance", Json.object().put("uuid", "same-instance"));
        caller.publish(KEY, caller.castRequest("slow", busy, "6.0"), null);
        ObjectNode args = Json.object().put("tag", "expired");
        args.set("instance", Json.object().put("uuid", "same-instance"));
        RpcRequest late = caller.callRequest("record", args, null, "6.0", null);
        caller.publish(KEY, late, "500");
        assertNull(caller.awaitFinal(late, 3000, null), "an expired call gets no reply");
        assertFalse(recorded.contains("expired"));
    }

    @Test
    void brokenMessagesAreRefusedAndTheWorkerKeepsServing() throws Exception {
        caller.publishRaw(KEY, "this is not json".getBytes(StandardCharsets.UTF_8), null);
        caller.publishRaw(KEY, "{\"oslo.version\": \"2.0\", \"oslo.message\": 42}".getBytes(StandardCharsets.UTF_8), null);
        caller.publishRaw(KEY, "[1,2,3]".getBytes(StandardCharsets.UTF_8), null);

        String noMethod = "{\"_msg_id\": \"m1\", \"_reply_q\": \"" + caller.replyQueue() + "\", \"args\": {}}";
        caller.publishRaw(KEY, envelope(noMethod), "60000");
        RpcReply r1 = RpcReply.fromMessage(org.computeworker.messages.OsloEnvelope.decode(caller.nextReply(10_000).getBody()));
        assertEquals("ValueError", r1.failure().className());
        assertEquals("builtins", r1.failure().module());
        assertTrue(r1.failure().message().contains("method is missing"), r1.failure().message());

        String wrongTypes = "{\"method\": \"echo\", \"args\": [1], \"version\": \"6.0\", \"_msg_id\": \"m2\", \"_reply_q\": \""
                + caller.replyQueue() + "\"}";
        caller.publishRaw(KEY, envelope(wrongTypes), "60000");
        RpcReply r2 = RpcReply.fromMessage(org.computeworker.messages.OsloEnvelope.decode(caller.nextReply(10_000).getBody()));
        assertTrue(r2.failure().message().contains("args must be an object"), r2.failure().message());

        RpcRequest huge = caller.callRequest("echo", Json.object().put("blob", "x".repeat(10 * 1024 * 1024)), null, "6.0", null);
        caller.publish(KEY, huge, "60000");
        RpcReply r3 = caller.awaitFinal(huge, 20_000, null);
        assertNotNull(r3, "an oversized call still gets a failure reply");
        assertTrue(r3.failure().message().contains("exceeds [compute_worker] max_message_bytes"), r3.failure().message());

        RpcReply fine = call("echo", Json.object().put("still", "serving"), null, "6.0");
        assertEquals("serving", fine.result().path("still").asText());
        String metrics = scrape("/metrics");
        assertTrue(metrics.contains("compute_worker_rpc_rejected_total{host=\"rpctest\",reason=\"malformed\"}"), metrics);
        assertTrue(metrics.contains("reason=\"oversized\""));
    }

    @Test
    void metricsAndHealthAreServed() throws Exception {
        call("echo", Json.object(), null, "6.0");
        String metrics = scrape("/metrics");
        assertTrue(metrics.contains("compute_worker_rpc_duration_seconds_count{host=\"rpctest\",method=\"echo\",outcome=\"success\"}"),
                metrics);
        assertTrue(metrics.contains("compute_worker_rpc_inflight"));
        assertEquals("ok\n", scrape("/healthz"));
    }

    private String scrape(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + worker.metricsPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static byte[] envelope(String inner) {
        ObjectNode env = Json.object();
        env.put("oslo.version", "2.0");
        env.put("oslo.message", inner);
        return Json.writeBytes(env);
    }

}
