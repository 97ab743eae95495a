package org.computeworker.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.RequestSpec;
import org.computeworker.messages.objects.Selection;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** Conductor, baseapi and worker-extension clients: routing, namespace, version and argument names. */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class OtherClientsTest {
    private static final String EXCHANGE = "nova_otherclients";
    private static final RequestContext CTX = RequestContexts.admin("admin", "admin");
    private static CachingConnectionFactory connections;
    private static RpcClient rpc;
    private static RawAmqp raw;
    private static String everything;

    @BeforeAll
    static void connect(TestBroker broker) throws Exception {
        connections = BrokerConnectionFactory.forUrl(broker.transportUrl()).build();
        rpc = new RpcClient(connections, MessagingOptions.defaults().withControlExchange(EXCHANGE));
        raw = new RawAmqp(broker);
        everything = raw.probe(EXCHANGE, "#");
    }

    @AfterAll
    static void disconnect() throws Exception {
        rpc.close();
        connections.destroy();
        raw.close();
    }

    @BeforeEach
    void drain() throws Exception {
        raw.channel().queuePurge(everything);
    }

    private static ObjectNode next(String routingKey) throws Exception {
        GetResponse got = raw.next(everything, Duration.ofSeconds(5));
        assertNotNull(got, "nothing was sent");
        assertEquals(routingKey, got.getEnvelope().getRoutingKey());
        return OsloEnvelope.decode(got.getBody());
    }

    private static Instance instance() {
        return Instance.from(Vectors.args("rpc_cast_prep_resize").get("instance"));
    }

    @Test
    void migrateServerCastAsTheComputeReschedulesIt() throws Exception {
        ObjectNode a = Vectors.args("rpc_cast_prep_resize");
        ObjectNode hint = Json.object();
        hint.putObject("filter_properties").put("retry", "x");
        new ConductorClient(rpc).migrateServer(CTX, instance(), hint, false, false, Flavor.from(a.get("flavor")),
                null, null, null, true, RequestSpec.from(a.get("request_spec")),
                List.of(Selection.from(a.get("host_list").get(0))), true);
        ObjectNode sent = next("conductor");
        assertEquals("compute_task", sent.get("namespace").textValue());
        assertEquals("1.20", sent.get("version").textValue());
        assertEquals(List.of("instance", "scheduler_hint", "live", "rebuild", "flavor", "block_migration",
                "disk_over_commit", "reservations", "clean_shutdown", "request_spec", "host_list"),
                RpcClientWireTest.keys((ObjectNode) sent.get("args")));
        assertEquals(hint, sent.get("args").get("scheduler_hint"));
        assertEquals("migrate_server", sent.get("method").textValue());
    }

    @Test
    void migrateServerAsACallUsesLongTimeoutAndCallMonitorLikeNova() throws Exception {
        try (StandInServer conductor = new StandInServer(raw, EXCHANGE, "conductor", "c1",
                (req, reply) -> reply.result(Json.NODES.nullNode()))) {
            // nova's client targets the topic; any conductor takes it. Bind c1's queue to the bare topic too.
            raw.channel().queueBind("conductor.c1", EXCHANGE, "conductor");
            new ConductorClient(rpc).migrateServer(CTX, instance(), Json.object(), false, false, null, null, null,
                    null, true, null, List.of(), false);
            StandInServer.Received got = conductor.received().poll(5, TimeUnit.SECONDS);
            assertEquals("1800000", got.properties().getExpiration());
            assertEquals(60, got.message().get("_timeout").intValue());
        }
    }

    @Test
    void migrateServerFallsBackUnderACap() throws Exception {
        new ConductorClient(rpc, "1.13").migrateServer(CTX, instance(), Json.object(), false, false, null, null, null,
                null, true, null, List.of(), true);
        ObjectNode sent = next("conductor");
        assertEquals("1.13", sent.get("version").textValue());
        assertFalse(sent.get("args").has("host_list"));
        assertThrows(RpcVersionCapError.class, () -> new ConductorClient(rpc, "1.9").migrateServer(CTX, instance(),
                Json.object(), false, false, null, null, null, null, true, null, List.of(), true));
    }

    @Test
    void buildInstancesCastsVersion119WithHostLists() throws Exception {
        ObjectNode a = Vectors.args("rpc_cast_build_and_run_instance");
        new ConductorClient(rpc).buildInstances(CTX, List.of(Instance.from(a.get("instance"))), a.get("image"),
                a.get("filter_properties"), null, a.get("injected_files"), a.get("requested_networks"),
                a.get("security_groups"), RequestSpec.from(a.get("request_spec")),
                List.of(List.of(Selection.from(a.get("host_list").get(0)))));
        ObjectNode sent = next("conductor");
        assertEquals("1.19", sent.get("version").textValue());
        assertEquals("build_instances", sent.get("method").textValue());
        assertEquals(List.of("instances", "image", "filter_properties", "admin_password", "injected_files",
                "requested_networks", "security_groups", "request_spec", "host_lists"),
                RpcClientWireTest.keys((ObjectNode) sent.get("args")));
        assertEquals(a.get("host_list"), sent.get("args").get("host_lists").get(0));
    }

    @Test
    void pingGoesToTheTopicOrToOneServer() throws Exception {
        ObjectNode pong = Json.object().put("service", "compute");
        try (StandInServer hostA = new StandInServer(raw, EXCHANGE, "compute", "pingA",
                (req, reply) -> reply.result(pong.deepCopy().set("arg", req.args().get("arg"))))) {
            BaseApiClient base = new BaseApiClient(rpc, "compute");
            JsonNode result = base.ping(CTX, "pingA", Json.object().put("probe", "hello"), Duration.ofSeconds(5));
            assertEquals("hello", result.get("arg").get("probe").textValue());
            StandInServer.Received got = hostA.received().poll(5, TimeUnit.SECONDS);
            assertEquals("compute.pingA", got.envelope().getRoutingKey());
            assertEquals("baseapi", got.request().namespace());
            assertEquals("1.0", got.request().version());

            raw.channel().queueBind("compute.pingA", EXCHANGE, "compute");
            base.ping(CTX, Json.object(), Duration.ofSeconds(5));
            assertEquals("compute", hostA.received().poll(5, TimeUnit.SECONDS).envelope().getRoutingKey());
            raw.channel().queueUnbind("compute.pingA", EXCHANGE, "compute");
        }
    }

    @Test
    void instanceStateCallsTheWorkerExtension() throws Exception {
        try (StandInServer worker = new StandInServer(raw, EXCHANGE, "compute", "worker1", (req, reply) -> {
            if (req.args().get("instance_uuid").textValue().equals("odd")) {
                reply.result(Json.NODES.textNode("not an object"));
            } else {
                reply.result(Json.object().put("uuid", req.args().get("instance_uuid").textValue())
                        .put("power_state", 1));
            }
        })) {
            WorkerExtensionClient ext = new WorkerExtensionClient(rpc);
            ObjectNode state = ext.getInstanceState(CTX, "worker1", "u-1");
            assertEquals(1, state.get("power_state").intValue());
            StandInServer.Received got = worker.received().poll(5, TimeUnit.SECONDS);
            assertEquals("computeworker", got.request().namespace());
            assertEquals("1.0", got.request().version());
            assertEquals("get_instance_state", got.request().method());
            assertEquals(Json.object().put("instance_uuid", "u-1"), got.request().args());
            assertThrows(RpcException.class, () -> ext.getInstanceState(CTX, "worker1", "odd"));
            assertThrows(IllegalArgumentException.class, () -> ext.getInstanceState(CTX, "worker1", " "));
        }
    }
}
