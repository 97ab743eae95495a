package org.computeworker.worker.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcReply;
import org.computeworker.messages.rpc.RpcRequest;

/**
 * A deliberately bare oslo.messaging caller on the raw AMQP client, for tests that must control
 * every byte (broken envelopes, repeated ids, expirations) and see every reply, heartbeats included.
 */
public final class RawOsloCaller implements AutoCloseable {
    private final Connection connection;
    private final Channel channel;
    private final String replyQueue = "reply_" + RpcRequest.newId();
    private final BlockingQueue<Delivery> replies = new LinkedBlockingQueue<>();
    private final String exchange;

    public RawOsloCaller(String amqpUrl, String exchange) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(amqpUrl);
        this.connection = f.newConnection("raw-oslo-caller");
        this.channel = connection.createChannel();
        this.exchange = exchange;
        channel.exchangeDeclare(exchange, "topic", false, false, null);
        channel.queueDeclare(replyQueue, false, false, false, Map.of("x-expires", 1_800_000));
        channel.basicConsume(replyQueue, true, (tag, d) -> replies.add(d), tag -> { });
    }

    public String replyQueue() {
        return replyQueue;
    }

    public static RequestContext context() {
        ObjectNode ctx = Json.object();
        ctx.put("user", "u1");
        ctx.put("project_id", "p1");
        ctx.put("request_id", "req-" + java.util.UUID.randomUUID());
        ctx.put("is_admin", true);
        ctx.putArray("roles").add("admin");
        return RequestContext.fromDict(ctx);
    }

    public RpcRequest castRequest(String method, ObjectNode args, String version) {
        return RpcRequest.cast(method, args, null, version, context());
    }

    public RpcRequest callRequest(String method, ObjectNode args, String namespace, String version, Double timeout) {
        return RpcRequest.call(method, args, namespace, version, context(), replyQueue, timeout);
    }

    public void publish(String routingKey, RpcRequest request, String expirationMillis) throws Exception {
        publishRaw(routingKey, OsloEnvelope.encode(request.toMessage()), expirationMillis);
    }

    public void publishRaw(String routingKey, byte[] body, String expirationMillis) throws Exception {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).priority(0)
                .headers(Map.of()).expiration(expirationMillis).build();
        channel.basicPublish(exchange, routingKey, props, body);
    }

    /** Waits for the next reply of any call; null on timeout. */
    public Delivery nextReply(long timeoutMillis) throws InterruptedException {
        return replies.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Waits for the final reply to {@code request}, skipping and counting heartbeats into {@code heartbeats}. */
    public RpcReply awaitFinal(RpcRequest request, long timeoutMillis, List<RpcReply> heartbeats) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            Delivery d = nextReply(Math.max(1, end - System.currentTimeMillis()));
            if (d == null) {
                break;
            }
            RpcReply reply = RpcReply.fromMessage(OsloEnvelope.decode(d.getBody()));
            if (!request.msgId().equals(reply.msgId())) {
                continue;
            }
            if (reply.ending()) {
                return reply;
            }
            if (heartbeats != null) {
                heartbeats.add(reply);
            }
        }
        return null;
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
