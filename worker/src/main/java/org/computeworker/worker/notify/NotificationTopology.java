package org.computeworker.worker.notify;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification exchange and, as oslo's {@code _publish_and_creates_default_queue} does, a queue
 * named after each routing key and bound to it, so notifications wait for a consumer that does not
 * exist yet. Declared once per connection: a new connection (after a broker restart) declares again.
 */
final class NotificationTopology {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationTopology.class);

    private final RabbitTemplate template;
    private final PublisherOptions options;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private volatile boolean exchangeDeclared;

    NotificationTopology(CachingConnectionFactory connections, RabbitTemplate template, PublisherOptions options) {
        this.template = template;
        this.options = options;
        connections.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(Connection connection) {
                forget();
            }
        });
    }

    /** Declares what {@code routingKey} needs unless this connection already did. */
    void ensure(String routingKey) {
        if (exchangeDeclared && declared.contains(routingKey)) {
            return;
        }
        template.execute(channel -> {
            channel.exchangeDeclare(options.exchange(), "topic", options.durable(), options.autoDelete(), null);
            exchangeDeclared = true;
            try {
                channel.queueDeclare(routingKey, options.durable(), false, options.autoDelete(),
                        options.queueArguments());
                channel.queueBind(routingKey, options.exchange(), routingKey);
            } catch (IOException e) {
                // A queue someone declared differently: oslo cannot declare it either. It still
                // receives what it is bound to; a message nothing routes comes back and is retried.
                LOG.error("cannot declare notification queue {} ({}); publishing to the existing one", routingKey,
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            }
            return null;
        });
        declared.add(routingKey);
    }

    /** After a message came back unroutable: declare its queue again before the retry. */
    void forget(String routingKey) {
        declared.remove(routingKey);
    }

    private void forget() {
        declared.clear();
        exchangeDeclared = false;
    }
}
