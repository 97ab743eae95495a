package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.rpc.RemoteFailure;
import org.computeworker.messages.rpc.RpcReply;
import org.computeworker.messages.rpc.RpcRequest;

/**
 * An RPC server stand-in written with the raw amqp-client: consumes {@code <topic>.<server>} from
 * the control exchange as oslo's server does, and answers through a test-given {@link Behaviour},
 * publishing replies to the default exchange with routing key {@code _reply_q}.
 */
public final class StandInServer implements AutoCloseable {

    /** What the server does with one request. */
    @FunctionalInterface
    public interface Behaviour {
        void handle(RpcRequest request, Replier replier) throws Exception;
    }

    /** A request as it arrived. */
    public record Received(RpcRequest request, ObjectNode message, AMQP.BasicProperties properties,
                           Envelope envelope) {
    }

    /** Sends replies to one call. */
    public final class Replier {
        private final RpcRequest request;

        Replier(RpcRequest request) {
            this.request = request;
        }

        public void heartbeat() throws IOException {
            send(RpcReply.heartbeat(request.msgId()).toMessage());
        }

        public void result(JsonNode result) throws IOException {
            send(RpcReply.success(request.msgId(), result).toMessage());
        }

        public void failure(RemoteFailure failure) throws IOException {
            send(RpcReply.failure(request.msgId(), failure).toMessage());
        }

        public void send(ObjectNode reply) throws IOException {
            synchronized (channel) {
                channel.basicPublish("", request.replyQueue(), OsloPublisher.properties(null),
                        OsloEnvelope.encode(reply));
            }
        }
    }

    private final Channel channel;
    private final String queue;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    public StandInServer(RawAmqp amqp, String exchange, String topic, String server, Behaviour behaviour)
            throws Exception {
        channel = amqp.connection().createChannel();
        channel.exchangeDeclare(exchange, "topic", false, false, null);
        queue = topic + "." + server;
        channel.queueDeclare(queue, false, false, true, null);
        channel.queueBind(queue, exchange, queue);
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                ObjectNode message = OsloEnvelope.decode(body);
                RpcRequest request = RpcRequest.fromMessage(message);
                received.add(new Received(request, message, props, envelope));
                if (request.isCall()) {
                    // answered off the consumer thread so a slow behaviour (heartbeats) does not block delivery
                    Thread t = new Thread(() -> run(behaviour, request), "stand-in-" + request.method());
                    t.setDaemon(true);
                    t.start();
                }
            }
        });
    }

    private void run(Behaviour behaviour, RpcRequest request) {
        try {
            behaviour.handle(request, new Replier(request));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public BlockingQueue<Received> received() {
        return received;
    }

    @Override
    public void close() throws IOException, java.util.concurrent.TimeoutException {
        if (channel.isOpen()) {
            channel.queueDelete(queue);
            channel.close();
        }
    }
}
