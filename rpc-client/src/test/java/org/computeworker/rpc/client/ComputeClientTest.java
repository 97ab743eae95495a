package org.computeworker.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.NovaObject;
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

/**
 * Each ComputeClient method sent with the objects nova sent in the golden vectors must give the
 * same routing key, version and args as nova's ComputeAPI did.
 */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class ComputeClientTest {
    private static final String EXCHANGE = "nova_computetest";
    private static CachingConnectionFactory connections;
    private static RpcClient rpc;
    private static ComputeClient compute;
    private static RawAmqp raw;
    private static String everything;

    @BeforeAll
    static void connect(TestBroker broker) throws Exception {
        connections = BrokerConnectionFactory.forUrl(broker.transportUrl()).build();
        rpc = new RpcClient(connections, MessagingOptions.defaults().withControlExchange(EXCHANGE));
        compute = new ComputeClient(rpc);
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

    /** The one message the client just sent, checked against the vector nova produced. */
    private static ObjectNode assertSentLikeNova(String vector) throws Exception {
        GetResponse got = raw.next(everything, Duration.ofSeconds(5));
        assertNotNull(got, "nothing was sent");
        JsonNode nova = Vectors.load(vector);
        assertEquals(nova.get("routing_key").textValue(), got.getEnvelope().getRoutingKey(), "routing key");
        ObjectNode sent = OsloEnvelope.decode(got.getBody());
        ObjectNode expected = Vectors.request(vector);
        assertEquals(expected.get("version"), sent.get("version"), "version");
        assertEquals(RpcClientWireTest.keys((ObjectNode) expected.get("args")),
                RpcClientWireTest.keys((ObjectNode) sent.get("args")), "argument names and order");
        assertEquals(expected.get("args"), sent.get("args"));
        assertEquals(expected.get("_context_request_id"), sent.get("_context_request_id"));
        return sent;
    }

    private static Instance instance(String vector) {
        return Instance.from(Vectors.args(vector).get("instance"));
    }

    private static Migration migration(String vector) {
        return Migration.from(Vectors.args(vector).get("migration"));
    }

    private static RequestSpec requestSpec(String vector) {
        return RequestSpec.from(Vectors.args(vector).get("request_spec"));
    }

    private static List<Selection> selections(JsonNode list) {
        List<Selection> out = new ArrayList<>();
        list.forEach(s -> out.add(Selection.from(s)));
        return out;
    }

    @Test
    void prepResizeGoesToTheDestinationHostWithTheImageAsAPlainDict() throws Exception {
        String v = "rpc_cast_prep_resize";
        ObjectNode a = Vectors.args(v);
        RequestSpec spec = requestSpec(v);
        // nova passes the ImageMeta object and sends obj_to_primitive of it
        compute.prepResize(Vectors.context(v), instance(v), spec.image(), Flavor.from(a.get("flavor")), "hostB",
                migration(v), spec, a.get("filter_properties"), a.get("node").textValue(), true,
                selections(a.get("host_list")));
        assertSentLikeNova(v);
    }

    @Test
    void resizeInstanceGoesToTheInstancesHost() throws Exception {
        String v = "rpc_cast_resize_instance";
        ObjectNode a = Vectors.args(v);
        compute.resizeInstance(Vectors.context(v), instance(v), migration(v), ImageMeta.from(a.get("image")),
                Flavor.from(a.get("flavor")), requestSpec(v), true);
        assertSentLikeNova(v);
    }

    @Test
    void finishResizeGoesToTheDestination() throws Exception {
        String v = "rpc_cast_finish_resize";
        ObjectNode a = Vectors.args(v);
        compute.finishResize(Vectors.context(v), instance(v), migration(v), ImageMeta.from(a.get("image")),
                a.get("disk_info").textValue(), "hostB", requestSpec(v));
        assertSentLikeNova(v);
    }

    @Test
    void confirmRevertAndFinishRevertFollowTheMigration() throws Exception {
        String v = "rpc_cast_confirm_resize";
        assertEquals(null, compute.confirmResize(Vectors.context(v), instance(v), migration(v), true));
        assertSentLikeNova(v);

        v = "rpc_cast_revert_resize";
        compute.revertResize(Vectors.context(v), instance(v), migration(v), requestSpec(v));
        assertSentLikeNova(v);

        v = "rpc_cast_finish_revert_resize";
        compute.finishRevertResize(Vectors.context(v), instance(v), migration(v), requestSpec(v));
        assertSentLikeNova(v);
    }

    @Test
    void startAndStopCastToTheInstancesHost() throws Exception {
        String v = "rpc_cast_start_instance";
        compute.startInstance(Vectors.context(v), instance(v));
        assertSentLikeNova(v);

        v = "rpc_cast_stop_instance";
        compute.stopInstance(Vectors.context(v), instance(v), true, true);
        assertSentLikeNova(v);
    }

    @Test
    void buildAndRunInstanceSendsSchedulerLimitsAsADict() throws Exception {
        String v = "rpc_cast_build_and_run_instance";
        ObjectNode a = Vectors.args(v);
        ObjectNode limits = NovaObject.newPrimitive("SchedulerLimits", "1.0");
        ((ObjectNode) limits.get(NovaObject.DATA)).putNull("vcpu").putNull("memory_mb").putNull("disk_gb");
        compute.buildAndRunInstance(Vectors.context(v), instance(v), "hostA", a.get("image"), requestSpec(v),
                a.get("filter_properties"), null, a.get("injected_files"), a.get("requested_networks"),
                a.get("security_groups"), BlockDeviceMappingList.from(a.get("block_device_mapping")),
                a.get("node").textValue(), limits, selections(a.get("host_list")), List.of());
        assertSentLikeNova(v);
    }

    @Test
    void stopAndConfirmCanBeCallsAndThenWaitForTheReply() throws Exception {
        try (StandInServer hostA = new StandInServer(raw, EXCHANGE, "compute", "hostA",
                (req, reply) -> reply.result(Json.NODES.nullNode()))) {
            String v = "rpc_call_stop_instance";
            JsonNode result = compute.stopInstance(Vectors.context(v), instance(v), false, true);
            assertTrue(result.isNull());
            StandInServer.Received got = hostA.received().poll(5, TimeUnit.SECONDS);
            assertEquals(Vectors.args(v), got.message().get("args"));
            assertEquals("60000", got.properties().getExpiration());
            assertTrue(got.message().get("_timeout").isNull(), "no call monitor at rpc_response_timeout 60");

            v = "rpc_cast_confirm_resize";
            compute.confirmResize(Vectors.context(v), instance(v), migration(v), false);
            assertEquals("confirm_resize", hostA.received().poll(5, TimeUnit.SECONDS).request().method());
        }
    }

    @Test
    void aVersionCapBelowSixFallsBackAsNovaDoes() throws Exception {
        RequestContext ctx = RequestContexts.admin("admin", "admin");
        ComputeClient victoria = new ComputeClient(rpc, "5.13");
        String v = "rpc_cast_prep_resize";
        ObjectNode a = Vectors.args(v);
        RequestSpec spec = requestSpec(v);
        victoria.prepResize(ctx, instance(v), spec.image(), Flavor.from(a.get("flavor")), "hostB", migration(v),
                spec, a.get("filter_properties"), "node", true, List.of());
        ObjectNode sent = OsloEnvelope.decode(raw.next(everything, Duration.ofSeconds(5)).getBody());
        assertEquals("5.1", sent.get("version").textValue());
        assertFalse(sent.get("args").has("flavor"));
        assertEquals(a.get("flavor"), sent.get("args").get("instance_type"));

        victoria.startInstance(ctx, instance("rpc_cast_start_instance"));
        assertEquals("5.0", OsloEnvelope.decode(raw.next(everything, Duration.ofSeconds(5)).getBody())
                .get("version").textValue());

        victoria.finishRevertResize(ctx, instance(v), migration(v), spec);
        assertEquals("5.2", OsloEnvelope.decode(raw.next(everything, Duration.ofSeconds(5)).getBody())
                .get("version").textValue());

        ComputeClient stein = new ComputeClient(rpc, "5.1");
        stein.finishResize(ctx, instance(v), migration(v), spec.image(), "[]", "hostB", spec);
        ObjectNode old = OsloEnvelope.decode(raw.next(everything, Duration.ofSeconds(5)).getBody());
        assertEquals("5.0", old.get("version").textValue());
        assertFalse(old.get("args").has("request_spec"));

        assertThrows(RpcVersionCapError.class, () -> new ComputeClient(rpc, "5.0").prepResize(ctx, instance(v),
                spec.image(), Flavor.from(a.get("flavor")), "hostB", migration(v), spec, null, "n", true, List.of()));
        assertEquals("6.0", new ComputeClient(rpc, "6.1").ver("5.0"));
    }

    @Test
    void anInstanceWithoutAHostCannotBeRouted() {
        Instance homeless = instance("rpc_cast_start_instance");
        homeless.setHost(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> compute.startInstance(RequestContexts.admin("a", "b"), homeless));
        assertTrue(e.getMessage().contains("Unable to find host"), e.getMessage());
    }
}
