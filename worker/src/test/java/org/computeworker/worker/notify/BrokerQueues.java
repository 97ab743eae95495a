package org.computeworker.worker.notify;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.testing.TestBroker;

/** A plain AMQP client on the test broker, reading what the publisher put there. */
final class BrokerQueues implements AutoCloseable {
    private final Connection connection;
    private final Channel channel;

    BrokerQueues(TestBroker broker) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(broker.amqpUrl());
        connection = f.newConnection("notify-tests");
        channel = connection.createChannel();
    }

    Channel channel() {
        return channel;
    }

    /** Deletes the queues (absent ones are fine) so a test starts from nothing. */
    void delete(String... queues) throws IOException {
        for (String q : queues) {
            channel.queueDelete(q);
        }
    }

    /** Messages in a queue, or 0 when there is no such queue. */
    int count(String queue) throws IOException {
        Channel probe = connection.createChannel();
        try {
            return probe.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            return 0; // the broker closed the probe channel: no such queue
        } finally {
            if (probe.isOpen()) {
                try {
                    probe.close();
                } catch (Exception ignored) {
                    // already closing
                }
            }
        }
    }

    /** Takes everything in the queue now. */
    List<GetResponse> drain(String queue) throws IOException {
        List<GetResponse> out = new ArrayList<>();
        for (GetResponse r = channel.basicGet(queue, true); r != null; r = channel.basicGet(queue, true)) {
            out.add(r);
        }
        return out;
    }

    /** Takes messages as they come until {@code n} arrived or the time is up. */
    List<GetResponse> take(String queue, int n, Duration within) throws Exception {
        List<GetResponse> out = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            GetResponse r = channel.basicGet(queue, true);
            if (r == null) {
                Thread.sleep(20);
            } else {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (connection.isOpen()) {
            connection.close();
        }
    }
}
