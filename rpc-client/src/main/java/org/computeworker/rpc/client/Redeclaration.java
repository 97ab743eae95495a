package org.computeworker.rpc.client;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Queues and bindings a consumer needs, declared now and again on every new connection: a broker
 * restart loses non-durable queues, and Spring AMQP only redeclares beans of an application context,
 * which this library does not have. The listener runs before any consumer uses the new connection.
 */
final class Redeclaration implements ConnectionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Redeclaration.class);

    /** Declarations run on one channel. */
    @FunctionalInterface
    interface Declarations {
        void declare(Channel channel) throws IOException;
    }

    private final CachingConnectionFactory connectionFactory;
    private final String what;
    private final Declarations declarations;

    private Redeclaration(CachingConnectionFactory connectionFactory, String what, Declarations declarations) {
        this.connectionFactory = connectionFactory;
        this.what = what;
        this.declarations = declarations;
    }

    /** Declares now, failing with the broker's reason, then keeps redeclaring on each reconnection. */
    static Redeclaration declare(CachingConnectionFactory connectionFactory, String what, Declarations declarations) {
        Redeclaration r = new Redeclaration(connectionFactory, what, declarations);
        try {
            new RabbitTemplate(connectionFactory).execute(channel -> {
                declarations.declare(channel);
                return null;
            });
        } catch (AmqpConnectException e) {
            throw new DeliveryFailure("cannot connect to the message broker: " + rootMessage(e), e);
        } catch (AmqpException e) {
            throw new DeliveryFailure("could not declare " + what + ": " + rootMessage(e), e);
        }
        connectionFactory.addConnectionListener(r);
        return r;
    }

    @Override
    public void onCreate(Connection connection) {
        try (Channel channel = connection.createChannel(false)) {
            declarations.declare(channel);
        } catch (Exception e) {
            LOG.warn("could not redeclare {} after reconnecting: {}", what, rootMessage(e));
        }
    }

    @Override
    public void close() {
        connectionFactory.removeConnectionListener(this);
    }

    static String rootMessage(Throwable e) {
        String message = e.toString();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
