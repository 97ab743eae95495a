package org.computeworker.worker.transport;

import java.util.stream.Collectors;
import org.computeworker.messages.config.TransportUrl;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** Builds Spring AMQP connection factories from an oslo transport_url. */
public final class AmqpConnections {
    private AmqpConnections() {
    }

    /**
     * A channel-caching factory for {@code url}; {@code heartbeatSeconds} as oslo's
     * heartbeat_timeout_threshold (0 disables), {@code confirms} for publisher confirms.
     */
    public static CachingConnectionFactory create(TransportUrl url, int heartbeatSeconds, String connectionName,
                                                  boolean confirms) {
        com.rabbitmq.client.ConnectionFactory rabbit = new com.rabbitmq.client.ConnectionFactory();
        rabbit.setAutomaticRecoveryEnabled(false); // Spring AMQP recovers connections and consumers itself
        rabbit.setRequestedHeartbeat(heartbeatSeconds);
        rabbit.setConnectionTimeout(10_000);
        TransportUrl.Host first = url.hosts().get(0);
        if (first.username() != null) {
            rabbit.setUsername(first.username());
        }
        if (first.password() != null) {
            rabbit.setPassword(first.password());
        }
        rabbit.setVirtualHost(url.virtualHost());
        if (url.ssl()) {
            try {
                rabbit.useSslProtocol();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS for the broker connection: " + e.getMessage(), e);
            }
        }
        CachingConnectionFactory factory = new CachingConnectionFactory(rabbit);
        factory.setAddresses(url.hosts().stream().map(h -> h.hostname() + ":" + h.port())
                .collect(Collectors.joining(",")));
        factory.setChannelCacheSize(32);
        factory.setConnectionNameStrategy(cf -> connectionName);
        factory.setPublisherReturns(true);
        if (confirms) {
            factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        }
        return factory;
    }
}
