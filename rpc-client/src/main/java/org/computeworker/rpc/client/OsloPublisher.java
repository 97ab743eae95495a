package org.computeworker.rpc.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes RPC messages the way oslo.messaging's rabbit driver (kombu) does: declares the target
 * exchange once per connection with oslo's attributes, sends with kombu's properties, and waits for
 * the broker's publisher confirm.
 */
final class OsloPublisher implements AutoCloseable {
    static final String CONTENT_TYPE = "application/json";
    static final String CONTENT_ENCODING = "utf-8";

    /** An exchange's name, type and the attributes it must be declared with. */
    record ExchangeSpec(String name, String type, boolean durable, boolean autoDelete) {
    }

    private final CachingConnectionFactory connectionFactory;
    private final RabbitTemplate template;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final ConnectionListener forgetOnReconnect = new ConnectionListener() {
        @Override
        public void onCreate(Connection connection) {
            declared.clear();
        }

        @Override
        public void onClose(Connection connection) {
            declared.clear();
        }
    };

    OsloPublisher(CachingConnectionFactory connectionFactory) {
        if (!connectionFactory.isSimplePublisherConfirms()) {
            throw new IllegalArgumentException("the connection factory must use simple publisher confirms "
                    + "(BrokerConnectionFactory builds one that does): oslo waits for every publish to be confirmed");
        }
        this.connectionFactory = connectionFactory;
        this.template = new RabbitTemplate(connectionFactory);
        connectionFactory.addConnectionListener(forgetOnReconnect);
    }

    /** The AMQP properties kombu gives an oslo message; {@code expiration} only on calls. */
    static AMQP.BasicProperties properties(Duration expiration) {
        return new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPE)
                .contentEncoding(CONTENT_ENCODING)
                .headers(Map.of())
                .deliveryMode(2)
                .priority(0)
                .expiration(expiration == null ? null : Long.toString(expiration.toMillis()))
                .build();
    }

    void publish(ExchangeSpec exchange, String routingKey, byte[] body, Duration expiration, Duration confirmTimeout) {
        AMQP.BasicProperties props = properties(expiration);
        try {
            template.execute(channel -> {
                declare(channel, exchange);
                channel.basicPublish(exchange.name(), routingKey, false, props, body);
                waitForConfirm(channel, exchange, routingKey, confirmTimeout);
                return null;
            });
        } catch (AmqpConnectException e) {
            throw new DeliveryFailure("cannot connect to the message broker: " + Redeclaration.rootMessage(e), e);
        } catch (AmqpException e) {
            declared.remove(exchange.name());
            throw new DeliveryFailure(describe(exchange, routingKey, e), e);
        }
    }

    private void declare(Channel channel, ExchangeSpec exchange) throws IOException {
        if (!declared.contains(exchange.name())) {
            channel.exchangeDeclare(exchange.name(), exchange.type(), exchange.durable(), exchange.autoDelete(), null);
            declared.add(exchange.name());
        }
    }

    private static void waitForConfirm(Channel channel, ExchangeSpec exchange, String routingKey, Duration timeout)
            throws IOException {
        try {
            channel.waitForConfirmsOrDie(Math.max(1, timeout.toMillis()));
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm the message to " + exchange.name() + "/" + routingKey
                    + " within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the publish confirm", e);
        }
    }

    private static String describe(ExchangeSpec exchange, String routingKey, AmqpException e) {
        String text = Redeclaration.rootMessage(e);
        String hint = text.contains("PRECONDITION_FAILED") && text.contains("exchange")
                ? " (the exchange exists with other attributes: set amqp_durable_queues to what the deployment uses)"
                : "";
        return "could not publish to exchange '" + exchange.name() + "' with routing key '" + routingKey + "': "
                + text + hint;
    }

    @Override
    public void close() {
        connectionFactory.removeConnectionListener(forgetOnReconnect);
    }
}
