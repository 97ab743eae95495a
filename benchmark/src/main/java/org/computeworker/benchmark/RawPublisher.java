package org.computeworker.benchmark;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.rpc.RpcRequest;

/**
 * Publishes oslo casts as fast as the broker confirms them in batches, so the benchmark's sending
 * side never limits what the worker is measured at.
 */
final class RawPublisher implements AutoCloseable {
    private static final AMQP.BasicProperties PROPS = new AMQP.BasicProperties.Builder().contentType("application/json")
            .contentEncoding("utf-8").deliveryMode(2).priority(0).headers(Map.of()).build();

    private final Connection connection;
    private final Channel channel;
    private int unconfirmed;

    RawPublisher(String amqpUrl) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(amqpUrl);
        connection = f.newConnection("bench-publisher");
        channel = connection.createChannel();
        channel.exchangeDeclare("nova", "topic", false, false, null);
        channel.confirmSelect();
    }

    /** Declares a host's queue as oslo does, so casts wait there before the worker consumes. */
    void declareHostQueue(String host) throws Exception {
        channel.queueDeclare("compute." + host, false, false, false, null);
        channel.queueBind("compute." + host, "nova", "compute." + host);
        channel.queuePurge("compute." + host);
    }

    /**
     * Empties a queue nobody consumes (notifications, here), as a billing listener would keep it
     * short: a backlog of many thousands makes the broker page it to disk, which costs CPU the
     * worker shares. A queue that does not exist is left alone.
     */
    void purge(String queue) throws Exception {
        try (Channel c = connection.createChannel()) {
            c.queuePurge(queue);
        } catch (java.io.IOException | com.rabbitmq.client.ShutdownSignalException e) {
            // not declared (yet): nothing to empty
        }
    }

    void cast(String host, RpcRequest request) throws Exception {
        publish(host, OsloEnvelope.encode(request.toMessage()));
    }

    void publish(String host, byte[] body) throws Exception {
        channel.basicPublish("nova", "compute." + host, PROPS, body);
        if (++unconfirmed >= 500) {
            flush();
        }
    }

    void flush() throws Exception {
        channel.waitForConfirmsOrDie(30_000);
        unconfirmed = 0;
    }

    @Override
    public void close() throws Exception {
        flush();
        connection.close();
    }
}
