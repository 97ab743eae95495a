package org.computeworker.rpc.client;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.time.Duration;
import org.computeworker.testing.TestBroker;

/** A plain amqp-client connection for tests to look at the broker without the code under test. */
public final class RawAmqp implements AutoCloseable {
    private final Connection connection;
    private final Channel channel;

    public RawAmqp(TestBroker broker) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(broker.amqpUrl());
        if (f.getVirtualHost().isEmpty()) {
            // amqp-client reads a trailing "/" as the empty vhost; the test brokers mean "/"
            f.setVirtualHost("/");
        }
        connection = f.newConnection("test-raw");
        channel = connection.createChannel();
    }

    public Connection connection() {
        return connection;
    }

    public Channel channel() {
        return channel;
    }

    /** A channel for an operation that may close it (a failing passive or mismatched declare). */
    public Channel freshChannel() throws Exception {
        return connection.createChannel();
    }

    /** An exclusive queue bound to {@code exchange} (declared as oslo declares it) with {@code key}. */
    public String probe(String exchange, String type, String key) throws Exception {
        boolean fanout = type.equals("fanout");
        channel.exchangeDeclare(exchange, type, false, fanout, null);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, key);
        return queue;
    }

    public String probe(String exchange, String key) throws Exception {
        return probe(exchange, "topic", key);
    }

    /** The next message on {@code queue}, or null when none comes within {@code wait}. */
    public GetResponse next(String queue, Duration wait) throws Exception {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            GetResponse r = channel.basicGet(queue, true);
            if (r != null || System.nanoTime() > end) {
                return r;
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws java.io.IOException {
        if (connection.isOpen()) {
            connection.close();
        }
    }
}
