package org.computeworker.rpc.client;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.computeworker.messages.config.TransportUrl;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * Builds the Spring AMQP connection factory for an oslo {@code transport_url}: every host of the URL
 * in the address list (tried in order, as oslo's round-robin failover starts), the URL's virtual
 * host and credentials, oslo's heartbeat, and publisher confirms, which oslo 14 always asks for.
 */
public final class BrokerConnectionFactory {
    private static final String DEFAULT_USER = "guest";

    private final TransportUrl url;
    private Duration heartbeat = MessagingOptions.defaults().heartbeat();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private String connectionName = "compute-rpc";
    private int channelCacheSize = 25;

    private BrokerConnectionFactory(TransportUrl url) {
        this.url = Objects.requireNonNull(url, "transport url");
    }

    public static BrokerConnectionFactory forUrl(TransportUrl url) {
        return new BrokerConnectionFactory(url);
    }

    public static BrokerConnectionFactory forUrl(String transportUrl) {
        return new BrokerConnectionFactory(TransportUrl.parse(transportUrl));
    }

    /** The AMQP heartbeat to ask for (oslo's heartbeat_timeout_threshold); zero turns it off. */
    public BrokerConnectionFactory heartbeat(Duration heartbeat) {
        this.heartbeat = Objects.requireNonNull(heartbeat);
        return this;
    }

    public BrokerConnectionFactory connectTimeout(Duration timeout) {
        this.connectTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    /** The name the broker shows for the connection (rabbitmqctl list_connections client_properties). */
    public BrokerConnectionFactory connectionName(String name) {
        this.connectionName = Objects.requireNonNull(name);
        return this;
    }

    public BrokerConnectionFactory channelCacheSize(int size) {
        this.channelCacheSize = size;
        return this;
    }

    public CachingConnectionFactory build() {
        CachingConnectionFactory factory = new CachingConnectionFactory(rabbitFactory());
        factory.setAddresses(addresses());
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        factory.setChannelCacheSize(channelCacheSize);
        String name = connectionName;
        factory.setConnectionNameStrategy(f -> name);
        return factory;
    }

    /**
     * Opens a plain amqp-client connection with the same settings (hosts tried in order, credentials,
     * virtual host, heartbeat, TLS, name), without Spring's channel cache: for a publisher that owns
     * its one channel and handles confirms and reconnection itself.
     */
    public com.rabbitmq.client.Connection connect() throws java.io.IOException, java.util.concurrent.TimeoutException {
        List<com.rabbitmq.client.Address> hosts = new ArrayList<>();
        for (String a : addresses()) {
            hosts.add(com.rabbitmq.client.Address.parseAddress(a));
        }
        return rabbitFactory().newConnection(hosts, connectionName);
    }

    private com.rabbitmq.client.ConnectionFactory rabbitFactory() {
        TransportUrl.Host first = url.hosts().get(0);
        for (TransportUrl.Host h : url.hosts()) {
            if (!Objects.equals(h.username(), first.username()) || !Objects.equals(h.password(), first.password())) {
                throw new IllegalArgumentException("transport_url " + url + " gives different credentials to different"
                        + " hosts; one connection factory can only log in as one user");
            }
        }
        com.rabbitmq.client.ConnectionFactory rabbit = new com.rabbitmq.client.ConnectionFactory();
        rabbit.setUsername(first.username() == null ? DEFAULT_USER : first.username());
        rabbit.setPassword(first.password() == null ? DEFAULT_USER : first.password());
        rabbit.setVirtualHost(url.virtualHost());
        rabbit.setRequestedHeartbeat((int) heartbeat.toSeconds());
        rabbit.setConnectionTimeout((int) connectTimeout.toMillis());
        // Spring AMQP, or the plain connection's owner, reconnects itself; the client's own recovery would race it.
        rabbit.setAutomaticRecoveryEnabled(false);
        if (url.ssl()) {
            rabbit.useSslProtocol(defaultSslContext());
            rabbit.enableHostnameVerification();
        }
        return rabbit;
    }

    private List<String> addresses() {
        List<String> out = new ArrayList<>();
        for (TransportUrl.Host h : url.hosts()) {
            String host = h.hostname().contains(":") ? "[" + h.hostname() + "]" : h.hostname();
            out.add(host + ":" + h.port());
        }
        return out;
    }

    private static SSLContext defaultSslContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default TLS context", e);
        }
    }
}
