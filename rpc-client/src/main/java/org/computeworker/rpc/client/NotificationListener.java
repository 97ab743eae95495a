package org.computeworker.rpc.client;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.notifications.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * Receives nova's notifications ({@code <topic>.<priority>} on the control exchange), in the 2.0
 * envelope ({@code messagingv2}) or bare 1.0 form ({@code messaging}). In {@link Mode#SHARED} it
 * consumes oslo's own queues, competing with any other listener on them (a billing service, say);
 * in {@link Mode#PRIVATE} it gets a copy in an exclusive queue that vanishes with it, taking
 * nothing from anyone. As oslo's dispatcher, a callback that throws is logged and the message acked.
 */
public final class NotificationListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    /** oslo.messaging's notification priorities. */
    public static final Set<String> PRIORITIES =
            Set.of("audit", "debug", "info", "warn", "warning", "error", "critical", "sample");

    public enum Mode { SHARED, PRIVATE }

    private final List<String> queues;
    private final Redeclaration declaration;
    private final DirectMessageListenerContainer container;

    private NotificationListener(Builder b) {
        List<String> keys = b.priorities.stream().map(p -> b.topic + "." + p).toList();
        String exchange = b.options.controlExchange();
        boolean durable = b.options.durableQueues();
        boolean autoDelete = b.options.autoDelete();
        if (b.mode == Mode.SHARED) {
            // oslo's listener: one queue per key named after it (or one pool queue), attributes as notify_send's
            this.queues = b.pool != null ? List.of(b.pool) : keys;
        } else {
            this.queues = List.of(b.topic + ".tail_" + UUID.randomUUID().toString().replace("-", ""));
        }
        this.declaration = Redeclaration.declare(b.connectionFactory, "notification queues " + queues, channel -> {
            channel.exchangeDeclare(exchange, "topic", durable, autoDelete, null);
            for (int i = 0; i < keys.size(); i++) {
                String queue = queues.size() == 1 ? queues.get(0) : queues.get(i);
                declareQueue(channel, queue, b.mode, durable, autoDelete);
                channel.queueBind(queue, exchange, keys.get(i));
            }
        });
        Consumer<Notification> callback = b.callback;
        this.container = new DirectMessageListenerContainer(b.connectionFactory);
        container.setQueueNames(queues.toArray(String[]::new));
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setMessageListener((Message m) -> deliver(m, callback));
        container.afterPropertiesSet();
        container.start();
    }

    private static void declareQueue(Channel channel, String queue, Mode mode, boolean durable, boolean autoDelete)
            throws IOException {
        if (mode == Mode.SHARED) {
            channel.queueDeclare(queue, durable, false, autoDelete, null);
        } else {
            channel.queueDeclare(queue, false, true, true, null);
        }
    }

    private static void deliver(Message message, Consumer<Notification> callback) {
        Notification notification;
        try {
            notification = Notification.decode(message.getBody());
        } catch (MalformedMessageException e) {
            LOG.warn("dropping an unreadable notification from {}: {}",
                    message.getMessageProperties().getReceivedRoutingKey(), e.getMessage());
            return;
        }
        try {
            callback.accept(notification);
        } catch (RuntimeException e) {
            LOG.error("notification callback failed on {} {}", notification.eventType(), notification.messageId(), e);
        }
    }

    public static Builder builder(CachingConnectionFactory connectionFactory, MessagingOptions options) {
        return new Builder(connectionFactory, options);
    }

    /** The queues consumed: oslo's shared ones, or the private one. */
    public List<String> queues() {
        return queues;
    }

    @Override
    public void close() {
        container.stop();
        container.destroy();
        declaration.close();
    }

    /** How to listen: topic (default {@code notifications}), priorities (default info), mode (default private). */
    public static final class Builder {
        private final CachingConnectionFactory connectionFactory;
        private final MessagingOptions options;
        private String topic = "notifications";
        private List<String> priorities = List.of("info");
        private Mode mode = Mode.PRIVATE;
        private String pool;
        private Consumer<Notification> callback;

        private Builder(CachingConnectionFactory connectionFactory, MessagingOptions options) {
            this.connectionFactory = Objects.requireNonNull(connectionFactory);
            this.options = Objects.requireNonNull(options);
        }

        /** {@code notifications} (legacy) or {@code versioned_notifications}, or a deployment's own. */
        public Builder topic(String topic) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("notification topic must not be empty");
            }
            this.topic = topic;
            return this;
        }

        public Builder priorities(List<String> priorities) {
            List<String> checked = new ArrayList<>();
            for (String p : priorities) {
                String lower = p.toLowerCase(Locale.ROOT);
                if (!PRIORITIES.contains(lower)) {
                    throw new IllegalArgumentException("unknown notification priority '" + p + "'; oslo's are "
                            + PRIORITIES.stream().sorted().toList());
                }
                checked.add(lower);
            }
            if (checked.isEmpty()) {
                throw new IllegalArgumentException("listen to at least one priority");
            }
            this.priorities = List.copyOf(checked);
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        /** Shared mode only: consume one queue of this name (oslo's listener {@code pool}). */
        public Builder pool(String pool) {
            this.pool = pool;
            return this;
        }

        public Builder onNotification(Consumer<Notification> callback) {
            this.callback = Objects.requireNonNull(callback);
            return this;
        }

        /** Declares the queues and starts consuming. */
        public NotificationListener start() {
            if (callback == null) {
                throw new IllegalStateException("set onNotification before starting");
            }
            if (pool != null && mode != Mode.SHARED) {
                throw new IllegalStateException("a pool is a shared queue: use Mode.SHARED with it");
            }
            return new NotificationListener(this);
        }
    }
}
