package org.computeworker.worker.notify;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification exchange and, as oslo's {@code _publish_and_creates_default_queue} does, a queue
 * named after each routing key and bound to it, so notifications wait for a consumer that does not
 * exist yet. Declared once per connection: a new connection (after a broker restart) declares again.
 *
 * <p>Declarations go over a channel of their own, closed afterwards: a refused declaration closes
 * its channel, and must not take the publishing channel and its unconfirmed messages with it.
 */
final class NotificationTopology {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationTopology.class);

    private final PublisherOptions options;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private volatile boolean exchangeDeclared;

    NotificationTopology(PublisherOptions options) {
        this.options = options;
    }

    /** Declares what {@code routingKey} needs unless this connection already did. */
    void ensure(Connection connection, String routingKey) throws IOException, TimeoutException {
        if (exchangeDeclared && declared.contains(routingKey)) {
            return;
        }
        Channel channel = connection.createChannel();
        try {
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
        } finally {
            try {
                channel.close();
            } catch (IOException | TimeoutException | com.rabbitmq.client.AlreadyClosedException closed) {
                // the broker closed it already (a refused declaration): nothing to release
            }
        }
        declared.add(routingKey);
    }

    /** After a message came back unroutable: declare its queue again before the retry. */
    void forget(String routingKey) {
        declared.remove(routingKey);
    }

    /** A new connection, or a channel the broker closed: declare everything again. */
    void forgetAll() {
        declared.clear();
        exchangeDeclared = false;
    }
}
