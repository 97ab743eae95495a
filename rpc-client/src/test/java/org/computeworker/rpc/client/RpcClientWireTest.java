package org.computeworker.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** What a cast and a call put on the broker, checked against what nova itself sends. */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class RpcClientWireTest {
    private static CachingConnectionFactory connections;
    private static RpcClient client;
    private static RawAmqp raw;

    @BeforeAll
    static void connect(TestBroker broker) throws Exception {
        connections = BrokerConnectionFactory.forUrl(broker.transportUrl()).connectionName("wire-test").build();
        client = new RpcClient(connections, MessagingOptions.defaults());
        raw = new RawAmqp(broker);
    }

    @AfterAll
    static void disconnect() throws Exception {
        client.close();
        connections.destroy();
        raw.close();
    }

    @Test
    void castLandsLikeNovasWithTheSameProperties() throws Exception {
        String probe = raw.probe("nova", "compute.wirehost");
        client.cast(Target.topic("compute").withServer("wirehost").withVersion("6.0"),
                Vectors.context("rpc_cast_start_instance"), "start_instance", Vectors.args("rpc_cast_start_instance"),
                null);

        GetResponse got = raw.next(probe, Duration.ofSeconds(5));
        assertNotNull(got, "the cast never arrived on compute.wirehost");
        assertEquals("nova", got.getEnvelope().getExchange());
        assertEquals("compute.wirehost", got.getEnvelope().getRoutingKey());
        JsonNode vector = Vectors.load("rpc_cast_start_instance").get("request");
        assertSameProperties(vector.get("properties"), got.getProps());
        assertEquals(Map.of(), got.getProps().getHeaders());

        ObjectNode envelope = (ObjectNode) Json.parse(got.getBody());
        assertEquals(List.of("oslo.version", "oslo.message"), keys(envelope));
        assertEquals("2.0", envelope.get("oslo.version").textValue());
        ObjectNode sent = OsloEnvelope.decode(got.getBody());
        ObjectNode expected = (ObjectNode) vector.get("oslo_message").deepCopy();
        assertTrue(sent.get("_unique_id").textValue().matches("[0-9a-f]{32}"));
        expected.put("_unique_id", sent.get("_unique_id").textValue());
        assertEquals(keys(expected), keys(sent), "key order as oslo writes it");
        assertEquals(expected, sent);
    }

    @Test
    void callCarriesExpirationReplyQueueAndNullTimeoutLikeNovasPing() throws Exception {
        try (StandInServer server = new StandInServer(raw, "nova", "compute", "pinghost",
                (request, reply) -> reply.result(Json.parse("{\"service\": \"compute\"}")))) {
            JsonNode result = client.call(Target.topic("compute").withServer("pinghost").withNamespace("baseapi"),
                    Vectors.context("rpc_call_baseapi_ping"), "ping", Vectors.args("rpc_call_baseapi_ping"), "1.0",
                    Duration.ofSeconds(10), null);
            assertEquals("compute", result.get("service").textValue());

            StandInServer.Received got = server.received().poll(5, TimeUnit.SECONDS);
            JsonNode vector = Vectors.load("rpc_call_baseapi_ping").get("request");
            assertSameProperties(vector.get("properties"), got.properties());
            assertEquals("10000", got.properties().getExpiration());
            ObjectNode expected = (ObjectNode) vector.get("oslo_message").deepCopy();
            for (String generated : List.of("_msg_id", "_reply_q", "_unique_id")) {
                expected.set(generated, got.message().get(generated));
            }
            assertEquals(keys(expected), keys(got.message()));
            assertEquals(expected, got.message());
            assertTrue(got.message().get("_reply_q").textValue().matches("reply_[0-9a-f]{32}"));
            assertTrue(got.message().get("_msg_id").textValue().matches("[0-9a-f]{32}"));
        }
    }

    @Test
    void callWithCallMonitorSendsTimeoutSecondsAndDefaultExpirationIsRpcResponseTimeout() throws Exception {
        try (StandInServer server = new StandInServer(raw, "nova", "compute", "cmhost",
                (request, reply) -> reply.result(Json.NODES.nullNode()))) {
            client.call(Target.topic("compute").withServer("cmhost"), Vectors.context("rpc_call_with_heartbeats"),
                    "confirm_snapshot_based_resize_at_source", Vectors.args("rpc_call_with_heartbeats"), "6.0",
                    null, Duration.ofSeconds(4));
            StandInServer.Received got = server.received().poll(5, TimeUnit.SECONDS);
            assertEquals(4, got.message().get("_timeout").intValue());
            assertTrue(got.message().get("_timeout").isIntegralNumber(), "nova sends whole seconds as an int");
            assertEquals("60000", got.properties().getExpiration());
        }
    }

    @Test
    void replyQueueIsDeclaredLikeOslosAndOnlyOnTheDefaultExchange() throws Exception {
        try (StandInServer server = new StandInServer(raw, "nova", "compute", "qhost",
                (request, reply) -> reply.result(Json.NODES.textNode("ok")))) {
            client.call(Target.topic("compute").withServer("qhost"), RequestContexts.admin("admin", "admin"), "x",
                    Json.object(), "6.0", Duration.ofSeconds(5), null);
            String replyQueue = server.received().poll(5, TimeUnit.SECONDS).request().replyQueue();

            // RabbitMQ refuses a redeclaration with other attributes: the same ones must pass, others fail.
            Map<String, Object> oslo = Map.of("x-expires", 1800000);
            raw.channel().queueDeclare(replyQueue, false, false, false, oslo);
            assertRedeclareRefused(ch -> ch.queueDeclare(replyQueue, true, false, false, oslo));
            assertRedeclareRefused(ch -> ch.queueDeclare(replyQueue, false, false, false, Map.of("x-expires", 60000)));

            // bound to the default exchange only: a reply sent through the control exchange is unroutable
            Channel ch = raw.freshChannel();
            CompletableFuture<Integer> returned = new CompletableFuture<>();
            ch.addReturnListener(r -> returned.complete(r.getReplyCode()));
            ch.basicPublish("nova", replyQueue, true, new AMQP.BasicProperties(), new byte[0]);
            assertEquals(312, returned.get(5, TimeUnit.SECONDS), "NO_ROUTE expected");
            ch.close();
        }
    }

    @Test
    void controlExchangeIsDeclaredNonDurableNotAutoDelete() throws Exception {
        client.cast(Target.topic("compute").withServer("nobody"), RequestContexts.admin("a", "b"), "x", null, "6.0");
        raw.channel().exchangeDeclare("nova", "topic", false, false, null);
        assertRedeclareRefused(ch -> ch.exchangeDeclare("nova", "topic", true, false, null));
        assertRedeclareRefused(ch -> ch.exchangeDeclare("nova", "topic", false, true, null));
    }

    @Test
    void durableQueuesOptionDeclaresADurableExchangeAndAMismatchIsExplained() throws Exception {
        raw.channel().exchangeDeclare("wire_durable", "topic", true, false, null);
        try (RpcClient nonDurable = new RpcClient(connections, MessagingOptions.defaults()
                .withControlExchange("wire_durable"))) {
            DeliveryFailure e = assertThrows(DeliveryFailure.class, () -> nonDurable.cast(Target.topic("compute"),
                    RequestContexts.admin("a", "b"), "x", null, "6.0"));
            assertTrue(e.getMessage().contains("amqp_durable_queues"), e.getMessage());
        }
        try (RpcClient durable = new RpcClient(connections, MessagingOptions.defaults()
                .withControlExchange("wire_durable").withDurableQueues(true))) {
            durable.cast(Target.topic("compute"), RequestContexts.admin("a", "b"), "x", null, "6.0");
        }
        raw.channel().exchangeDelete("wire_durable");
    }

    @Test
    void fanoutGoesToTheTopicFanoutExchange() throws Exception {
        String probe = raw.probe("compute_fanout", "fanout", "");
        client.cast(Target.topic("compute").withFanout(true).withVersion("6.0"), RequestContexts.admin("a", "b"),
                "refresh", null, null);
        GetResponse got = raw.next(probe, Duration.ofSeconds(5));
        assertNotNull(got);
        assertEquals("compute_fanout", got.getEnvelope().getExchange());
        assertNull(got.getProps().getExpiration());
        assertThrows(IllegalArgumentException.class, () -> client.call(Target.topic("compute").withFanout(true),
                RequestContexts.admin("a", "b"), "x", null, "6.0", Duration.ofSeconds(1), null));
    }

    @Test
    void versionCapRefusesLikeOslo() throws Exception {
        RpcClient capped = client.withVersionCap("6.1");
        assertTrue(capped.canSendVersion("6.0"));
        assertTrue(capped.canSendVersion("6.1"));
        assertFalse(capped.canSendVersion("6.2"));
        assertFalse(capped.canSendVersion("5.13"), "another major is never compatible");
        String probe = raw.probe("nova", "compute.caphost");
        assertThrows(RpcVersionCapError.class, () -> capped.cast(Target.topic("compute").withServer("caphost"),
                RequestContexts.admin("a", "b"), "x", null, "6.2"));
        assertNull(raw.next(probe, Duration.ofMillis(300)), "nothing is sent above the cap");
        assertThrows(IllegalArgumentException.class, () -> client.withVersionCap("six"));
    }

    private interface Declare {
        void on(Channel channel) throws IOException;
    }

    private static void assertRedeclareRefused(Declare declare) throws Exception {
        Channel ch = raw.freshChannel();
        IOException e = assertThrows(IOException.class, () -> declare.on(ch));
        assertTrue(String.valueOf(e.getCause()).contains("PRECONDITION_FAILED"), String.valueOf(e.getCause()));
    }

    /** Every property nova's message had (null or not) has the same value here. */
    static void assertSameProperties(JsonNode novaProperties, AMQP.BasicProperties ours) {
        Map<String, Object> mine = new java.util.HashMap<>();
        mine.put("content_type", ours.getContentType());
        mine.put("content_encoding", ours.getContentEncoding());
        mine.put("delivery_mode", ours.getDeliveryMode());
        mine.put("priority", ours.getPriority());
        mine.put("expiration", ours.getExpiration());
        mine.put("correlation_id", ours.getCorrelationId());
        mine.put("reply_to", ours.getReplyTo());
        mine.put("message_id", ours.getMessageId());
        mine.put("timestamp", ours.getTimestamp());
        mine.put("type", ours.getType());
        mine.put("user_id", ours.getUserId());
        mine.put("app_id", ours.getAppId());
        mine.put("cluster_id", ours.getClusterId());
        novaProperties.properties().forEach(p -> {
            if (p.getKey().equals("expiration")) {
                assertEquals(p.getValue().isNull(), mine.get("expiration") == null, "expiration presence");
                return;
            }
            Object expected = p.getValue().isNull() ? null
                    : p.getValue().isInt() ? (Object) p.getValue().intValue() : p.getValue().asText();
            assertEquals(expected, mine.get(p.getKey()), "property " + p.getKey());
        });
    }

    static List<String> keys(ObjectNode node) {
        List<String> keys = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(keys::add);
        return keys;
    }
}
