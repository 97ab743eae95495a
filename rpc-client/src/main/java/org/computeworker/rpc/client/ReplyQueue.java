package org.computeworker.rpc.client;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.rpc.RpcReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * The client's one reply queue, as oslo's driver makes it: {@code reply_<uuid4 hex>}, non-durable,
 * not auto-deleted, expiring after rabbit_transient_queues_ttl unused, bound to the default exchange
 * only (servers reply with routing key = queue name). Replies are matched to waiting calls by
 * {@code _msg_id}; replies nobody waits for any more are dropped, as oslo does.
 */
final class ReplyQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyQueue.class);

    private final CachingConnectionFactory connectionFactory;
    private final MessagingOptions options;
    private final String name = "reply_" + UUID.randomUUID().toString().replace("-", "");
    private final Map<String, PendingCall> waiting = new ConcurrentHashMap<>();
    private DirectMessageListenerContainer container;
    private Redeclaration declaration;

    ReplyQueue(CachingConnectionFactory connectionFactory, MessagingOptions options) {
        this.connectionFactory = connectionFactory;
        this.options = options;
    }

    String name() {
        return name;
    }

    /** Declares the queue and starts consuming; later calls do nothing. */
    synchronized void start() {
        if (container != null) {
            return;
        }
        Map<String, Object> arguments = Map.of("x-expires", (int) options.transientQueuesTtl().toMillis());
        declaration = Redeclaration.declare(connectionFactory, "reply queue " + name,
                channel -> channel.queueDeclare(name, false, false, false, arguments));
        DirectMessageListenerContainer c = new DirectMessageListenerContainer(connectionFactory);
        c.setQueueNames(name);
        c.setAcknowledgeMode(AcknowledgeMode.AUTO);
        c.setMessageListener(this::onMessage);
        c.afterPropertiesSet();
        c.start();
        container = c;
    }

    PendingCall expect(String msgId) {
        PendingCall call = new PendingCall(msgId);
        waiting.put(msgId, call);
        return call;
    }

    void forget(String msgId) {
        waiting.remove(msgId);
    }

    private void onMessage(Message message) {
        RpcReply reply;
        try {
            reply = RpcReply.fromMessage(OsloEnvelope.decode(message.getBody()));
        } catch (MalformedMessageException e) {
            LOG.warn("dropping an unreadable message on reply queue {}: {}", name, e.getMessage());
            return;
        }
        PendingCall call = reply.msgId() == null ? null : waiting.get(reply.msgId());
        if (call == null) {
            LOG.info("No calling threads waiting for msg_id : {}", reply.msgId());
            return;
        }
        call.deliver(reply);
    }

    /** Stops consuming and deletes the queue: nothing else ever reads it. */
    @Override
    public synchronized void close() {
        if (container == null) {
            return;
        }
        container.stop();
        container.destroy();
        container = null;
        declaration.close();
        try {
            new RabbitTemplate(connectionFactory).execute(channel -> channel.queueDelete(name));
        } catch (RuntimeException e) {
            LOG.debug("could not delete reply queue {} (it expires by itself): {}", name, e.getMessage());
        }
    }
}
