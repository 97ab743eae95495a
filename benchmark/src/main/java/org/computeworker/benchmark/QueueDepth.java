package org.computeworker.benchmark;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/** Messages waiting in a queue (not yet delivered), asked of the broker with a passive declare. */
final class QueueDepth implements AutoCloseable {
    private final Connection connection;
    private final Channel channel;
    private final String queue;

    QueueDepth(String amqpUrl, String queue) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(amqpUrl);
        this.connection = f.newConnection("bench-depth");
        this.channel = connection.createChannel();
        this.queue = queue;
    }

    long waiting() throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
