package org.computeworker.worker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.Selection;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.computeworker.rpc.client.ComputeClient;
import org.computeworker.rpc.client.MessagingOptions;
import org.computeworker.rpc.client.RpcClient;
import org.computeworker.testing.TestBroker;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * Plays nova's conductor and API in tests: sends compute casts with rpc-client, and listens on the
 * conductor's queue for the reschedules a compute host sends back.
 */
public final class Conductor implements AutoCloseable {
    private final CachingConnectionFactory factory;
    private final RpcClient rpc;
    private final ComputeClient compute;
    private final Connection raw;
    private final Channel channel;
    private final String conductorQueue;

    public Conductor(TestBroker broker) throws Exception {
        factory = BrokerConnectionFactory.forUrl(broker.transportUrl()).connectionName("test-conductor").build();
        rpc = new RpcClient(factory, MessagingOptions.defaults());
        compute = new ComputeClient(rpc);
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(broker.amqpUrl());
        raw = f.newConnection("test-conductor-listener");
        channel = raw.createChannel();
        channel.exchangeDeclare("nova", "topic", false, false, null);
        conductorQueue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(conductorQueue, "nova", "conductor");
        channel.queueBind(conductorQueue, "nova", "conductor.*");
    }

    public RpcClient rpc() {
        return rpc;
    }

    public ComputeClient compute() {
        return compute;
    }

    public static RequestContext context() {
        return RawOsloCaller.context();
    }

    public void build(String host, Instance instance, List<Selection> alternates) {
        build(host, instance, alternates, NovaTestObjects.image());
    }

    /** build_and_run_instance of {@code image} (the image the instance boots from). */
    public void build(String host, Instance instance, List<Selection> alternates, ImageMeta image) {
        compute.buildAndRunInstance(context(), instance, host, image.toPrimitive(),
                NovaTestObjects.requestSpec(), NovaTestObjects.filterProperties(!alternates.isEmpty()), null, null,
                null, Json.array().add("default"), null, host, Json.object(), alternates, List.of());
    }

    public void prepResize(Instance instance, Flavor flavor, String dest, Migration migration, List<Selection> alternates) {
        prepResize(instance, flavor, dest, migration, alternates, NovaTestObjects.image());
    }

    public void prepResize(Instance instance, Flavor flavor, String dest, Migration migration, List<Selection> alternates,
                           ImageMeta image) {
        compute.prepResize(context(), instance, image, flavor, dest, migration,
                NovaTestObjects.requestSpec(), NovaTestObjects.filterProperties(!alternates.isEmpty()), dest, true,
                alternates);
    }

    /** The next message the conductor received (a reschedule), or null. */
    public RpcRequest nextConductorMessage(long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            GetResponse r = channel.basicGet(conductorQueue, true);
            if (r != null) {
                ObjectNode m = OsloEnvelope.decode(r.getBody());
                return RpcRequest.fromMessage(m);
            }
            Thread.sleep(20);
        }
        return null;
    }

    public static JsonNode data(RpcRequest request, String arg) {
        return request.args().path(arg).path("nova_object.data");
    }

    @Override
    public void close() throws Exception {
        rpc.close();
        factory.destroy();
        raw.close();
    }
}
