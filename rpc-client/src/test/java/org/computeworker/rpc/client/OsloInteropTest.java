package org.computeworker.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.RequestSpec;
import org.computeworker.messages.objects.Selection;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The Java clients against a REAL oslo.messaging 14 RPC server using nova's own serializer: nova
 * must rebuild our objects and context, and every method's kwargs must bind to the real
 * ComputeManager / ComputeTaskManager signature. Fails (never skips) without python3-nova.
 */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("nova")
class OsloInteropTest {
    private static final String EXCHANGE = "nova_interop";
    private static final String HOST = "oslo-host";
    private static CachingConnectionFactory connections;
    private static RpcClient rpc;
    private static OsloServerProcess server;

    @BeforeAll
    static void start(TestBroker broker) throws Exception {
        String missing = OsloServerProcess.missingPrerequisite();
        if (missing != null) {
            fail("the oslo.messaging interop test needs nova and oslo.messaging for /usr/bin/python3 (" + missing
                    + "). Install them with: " + OsloServerProcess.INSTALL_HINT);
        }
        server = OsloServerProcess.start(broker.transportUrl(), EXCHANGE, HOST);
        connections = BrokerConnectionFactory.forUrl(broker.transportUrl()).build();
        rpc = new RpcClient(connections, MessagingOptions.defaults().withControlExchange(EXCHANGE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (rpc != null) {
            rpc.close();
            connections.destroy();
        }
        if (server != null) {
            server.close();
        }
    }

    private static final Target PROBE = Target.topic("compute").withServer(HOST).withNamespace("probe")
            .withVersion("1.0");

    /** What the stand-in recorded, by method, once {@code expected} calls have been dispatched. */
    private static Map<String, JsonNode> records(String topic, int expected) throws InterruptedException {
        Target probe = Target.topic(topic).withServer(HOST).withNamespace("probe").withVersion("1.0");
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode all = rpc.call(probe, RequestContexts.admin("a", "b"), "records", null, null,
                    Duration.ofSeconds(10), null);
            if (all.size() >= expected || System.nanoTime() > end) {
                Map<String, JsonNode> byMethod = new HashMap<>();
                all.forEach(r -> byMethod.put(r.get("method").textValue(), r));
                assertEquals(expected, all.size(), "records: " + all);
                rpc.call(probe, RequestContexts.admin("a", "b"), "clear", null, null, Duration.ofSeconds(10), null);
                return byMethod;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void novasBaseApiAnswersOurPing() {
        JsonNode pong = new BaseApiClient(rpc, "compute").ping(RequestContexts.admin("a", "b"), HOST,
                Json.object().put("probe", "hello"), Duration.ofSeconds(10));
        assertEquals(Json.parse("{\"service\": \"compute\", \"arg\": {\"probe\": \"hello\"}}"), pong);
    }

    @Test
    void everyComputeMethodIsRebuiltByNovaAndBindsToTheRealComputeManager() throws Exception {
        ComputeClient compute = new ComputeClient(rpc);
        RequestContext ctx = RequestContexts.admin("ops", "infra");
        ObjectNode a = Vectors.args("rpc_cast_prep_resize");
        Instance instance = Instance.from(a.get("instance"));
        instance.setHost(HOST);
        Migration migration = Migration.from(a.get("migration"));
        migration.setSourceCompute(HOST);
        migration.setDestCompute(HOST);
        RequestSpec spec = RequestSpec.from(a.get("request_spec"));
        Flavor flavor = Flavor.from(a.get("flavor"));
        List<Selection> hosts = List.of(Selection.from(a.get("host_list").get(0)));
        ImageMeta imageDict = ImageMeta.from(Vectors.args("rpc_cast_resize_instance").get("image"));
        ObjectNode b = Vectors.args("rpc_cast_build_and_run_instance");

        compute.prepResize(ctx, instance, spec.image(), flavor, HOST, migration, spec, a.get("filter_properties"),
                "node1", true, hosts);
        compute.resizeInstance(ctx, instance, migration, imageDict, flavor, spec, true);
        compute.finishResize(ctx, instance, migration, imageDict, "[]", HOST, spec);
        compute.confirmResize(ctx, instance, migration, true);
        compute.revertResize(ctx, instance, migration, spec);
        compute.finishRevertResize(ctx, instance, migration, spec);
        compute.startInstance(ctx, instance);
        assertTrue(compute.stopInstance(ctx, instance, false, true).isNull(), "a call returning None");
        compute.buildAndRunInstance(ctx, instance, HOST, b.get("image"), spec, b.get("filter_properties"), null,
                b.get("injected_files"), b.get("requested_networks"), b.get("security_groups"),
                BlockDeviceMappingList.from(b.get("block_device_mapping")), "node1", b.get("limits"), hosts,
                List.of());

        Map<String, JsonNode> got = records("compute", 9);
        for (JsonNode r : got.values()) {
            assertTrue(r.get("binds").booleanValue(), r.get("method") + ": " + r.get("bind_error"));
            assertEquals("nova.context.RequestContext", r.get("context_class").textValue());
            assertEquals(ctx.requestId(), r.get("request_id").textValue());
            assertTrue(r.get("is_admin").booleanValue());
            assertEquals("ops", r.get("user_id").textValue());
            assertEquals(instance.uuid(), r.get("instance_uuid").textValue());
            assertEquals("nova.objects.instance.Instance", r.get("kwargs").get("instance").textValue());
        }
        JsonNode prep = got.get("prep_resize").get("kwargs");
        assertEquals("nova.objects.flavor.Flavor", prep.get("flavor").textValue());
        assertEquals("builtins.dict", prep.get("image").textValue());
        assertEquals("nova.objects.request_spec.RequestSpec", prep.get("request_spec").textValue());
        assertEquals("nova.objects.migration.Migration", prep.get("migration").textValue());
        assertEquals("nova.objects.selection.Selection", prep.get("host_list").get(0).textValue());
        JsonNode build = got.get("build_and_run_instance").get("kwargs");
        assertEquals("nova.objects.block_device.BlockDeviceMappingList", build.get("block_device_mapping").textValue());
        assertEquals("builtins.dict", build.get("limits").textValue());
    }

    @Test
    void conductorMethodsBindToTheRealComputeTaskManager() throws Exception {
        ConductorClient conductor = new ConductorClient(rpc);
        RequestContext ctx = RequestContexts.admin("ops", "infra");
        ObjectNode a = Vectors.args("rpc_cast_build_and_run_instance");
        Instance instance = Instance.from(a.get("instance"));
        List<Selection> hosts = List.of(Selection.from(a.get("host_list").get(0)));
        conductor.buildInstances(ctx, List.of(instance), a.get("image"), a.get("filter_properties"), null,
                a.get("injected_files"), a.get("requested_networks"), a.get("security_groups"),
                RequestSpec.from(a.get("request_spec")), List.of(hosts));
        conductor.migrateServer(ctx, instance, Json.object(), false, false,
                Flavor.from(Vectors.args("rpc_cast_prep_resize").get("flavor")), null, null, null, true,
                RequestSpec.from(a.get("request_spec")), hosts, true);
        Map<String, JsonNode> got = records("conductor", 2);
        assertEquals(List.of("build_instances", "migrate_server"), new ArrayList<>(new java.util.TreeSet<>(got.keySet())));
        for (JsonNode r : got.values()) {
            assertTrue(r.get("binds").booleanValue(), r.get("method") + ": " + r.get("bind_error"));
        }
        assertEquals("nova.objects.instance.Instance",
                got.get("build_instances").get("kwargs").get("instances").get(0).textValue());
    }

    @Test
    void novasExceptionsArriveAsRemoteErrors() {
        RemoteError e = assertThrows(RemoteError.class, () -> rpc.call(Target.topic("compute").withServer(HOST),
                RequestContexts.admin("a", "b"), "fail_invalid_state", Json.object().put("instance_uuid", "u-9"),
                "6.0", Duration.ofSeconds(10), null));
        assertEquals("nova.exception.InstanceInvalidState", e.qualifiedName());
        assertEquals("u-9", e.kwargs().get("instance_uuid").textValue());
        assertEquals(400, e.kwargs().get("code").intValue());

        RemoteError noMethod = assertThrows(RemoteError.class, () -> rpc.call(Target.topic("compute")
                .withServer(HOST), RequestContexts.admin("a", "b"), "frobnicate", null, "6.0",
                Duration.ofSeconds(10), null));
        assertEquals("oslo_messaging.rpc.dispatcher.NoSuchMethod", noMethod.qualifiedName());

        RemoteError unsupported = assertThrows(RemoteError.class, () -> new WorkerExtensionClient(rpc)
                .getInstanceState(RequestContexts.admin("a", "b"), HOST, "u-1", Duration.ofSeconds(10)));
        assertEquals("oslo_messaging.rpc.dispatcher.UnsupportedVersion", unsupported.qualifiedName(),
                "real nova has no computeworker namespace");
    }

    @Test
    void osloServerHeartbeatsKeepALongCallAlive() {
        // oslo's watchdog heartbeats every int(_timeout)/2 s and not at all below 2 s
        long start = System.nanoTime();
        JsonNode result = rpc.call(Target.topic("compute").withServer(HOST), RequestContexts.admin("a", "b"), "slow",
                Json.object().put("seconds", 5), "6.0", Duration.ofSeconds(20), Duration.ofSeconds(2));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(5, result.get("slept").intValue());
        assertTrue(elapsedMs >= 5000, "outlived the 2 s call monitor thanks to heartbeats: " + elapsedMs + " ms");

        assertThrows(MessagingTimeout.class, () -> rpc.call(Target.topic("compute").withServer(HOST),
                RequestContexts.admin("a", "b"), "slow", Json.object().put("seconds", 3), "6.0",
                Duration.ofSeconds(20), Duration.ofSeconds(1)), "a 1 s call monitor gets no heartbeat from oslo");
    }
}
