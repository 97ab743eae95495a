package org.computeworker.worker.notify;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications on one plain amqp-client channel in confirm mode, with the mandatory flag, and
 * tells each sender how the broker answered: acked, nacked, returned (unroutable: acked after a
 * basic.return), or lost with the channel. Acks and nacks for many messages at once
 * ({@code multiple=true}) answer each of them. The channel and its connection are opened on first
 * use and again after they were lost.
 *
 * <p>{@link #send} is called from one thread (the publish loop); the broker's answers arrive on the
 * connection's thread. Each send is answered at most once: whoever removes it from the unconfirmed
 * map answers it.
 *
 * <p>The message carries oslo's properties (JSON, utf-8, persistent, priority 0, empty headers).
 */
final class ConfirmChannel implements PublishLoop.Sender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmChannel.class);
    private static final AMQP.BasicProperties OSLO_PROPERTIES = new AMQP.BasicProperties.Builder()
            .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).priority(0)
            .headers(Map.of()).build();

    /** A message on the wire, waiting for the broker's answer. */
    private static final class Unconfirmed {
        final OutboundNotification n;
        final Consumer<DeliveryOutcome> answer;
        /** Set (on the connection thread) by a basic.return, which the broker sends before the ack. */
        String returned;

        Unconfirmed(OutboundNotification n, Consumer<DeliveryOutcome> answer) {
            this.n = n;
            this.answer = answer;
        }
    }

    /** One channel and what was sent on it: delivery tags start at 1 again on every channel. */
    private final class Link {
        final Channel channel;
        final ConcurrentSkipListMap<Long, Unconfirmed> unconfirmed = new ConcurrentSkipListMap<>();

        Link(Channel channel) {
            this.channel = channel;
        }

        void settle(long seq, boolean multiple, boolean ack) {
            if (!multiple) {
                Unconfirmed u = unconfirmed.remove(seq);
                if (u != null) {
                    answer(u, ack);
                }
                return;
            }
            for (Map.Entry<Long, Unconfirmed> e = unconfirmed.firstEntry(); e != null && e.getKey() <= seq;
                 e = unconfirmed.firstEntry()) {
                if (unconfirmed.remove(e.getKey(), e.getValue())) {
                    answer(e.getValue(), ack);
                }
            }
        }

        /**
         * A returned message carries no delivery tag: it is found by routing key and body (every
         * notification has its own {@code _unique_id}, so no two bodies on the wire are equal).
         * Returns are rare — a queue deleted behind the publisher's back — so the scan costs nothing.
         */
        void returned(Return r) {
            for (Unconfirmed u : unconfirmed.values()) {
                if (u.n.routingKey().equals(r.getRoutingKey()) && Arrays.equals(u.n.body(), r.getBody())) {
                    u.returned = r.getReplyCode() + " " + r.getReplyText();
                    return;
                }
            }
        }

        /** The channel (or its connection) closed: everything it had not confirmed is sent again. */
        void lost(ShutdownSignalException cause) {
            if (link == this) {
                link = null;
            }
            if (!cause.isInitiatedByApplication()) {
                LOG.warn("notification channel lost: {}", cause.getMessage());
                topology.forgetAll(); // whatever closed it (a deleted exchange?) is declared again
            }
            for (Map.Entry<Long, Unconfirmed> e = unconfirmed.pollFirstEntry(); e != null;
                 e = unconfirmed.pollFirstEntry()) {
                e.getValue().answer.accept(DeliveryOutcome.of(DeliveryOutcome.Kind.NACKED,
                        "channel closed before the broker confirmed: " + cause.getMessage()));
            }
        }
    }

    private final BrokerConnectionFactory broker;
    private final NotificationTopology topology;
    private final String exchange;
    private volatile Connection connection;
    private volatile Link link;

    ConfirmChannel(BrokerConnectionFactory broker, PublisherOptions options) {
        this.broker = broker;
        this.topology = new NotificationTopology(options);
        this.exchange = options.exchange();
    }

    @Override
    public void send(OutboundNotification n, Consumer<DeliveryOutcome> answer) {
        Link l;
        try {
            l = open();
            topology.ensure(connection, n.routingKey());
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            answer.accept(DeliveryOutcome.of(DeliveryOutcome.Kind.NOT_SENT,
                    e.getCause() == null ? e.toString() : e.getCause().toString()));
            return;
        }
        // Registered before the publish: the ack may arrive before basicPublish returns.
        long seq = l.channel.getNextPublishSeqNo();
        l.unconfirmed.put(seq, new Unconfirmed(n, answer));
        try {
            l.channel.basicPublish(exchange, n.routingKey(), true, OSLO_PROPERTIES, n.body());
        } catch (IOException | RuntimeException e) {
            Unconfirmed u = l.unconfirmed.remove(seq); // unless the channel's shutdown answered it already
            if (u != null) {
                u.answer.accept(DeliveryOutcome.of(DeliveryOutcome.Kind.NOT_SENT, e.toString()));
            }
        }
    }

    private Link open() throws IOException, java.util.concurrent.TimeoutException {
        Link l = link;
        if (l != null && l.channel.isOpen()) {
            return l;
        }
        Connection c = connection;
        if (c == null || !c.isOpen()) {
            c = broker.connect();
            connection = c;
            topology.forgetAll(); // a new connection may be to a broker that never saw the declarations
        }
        Channel ch = c.createChannel();
        ch.confirmSelect();
        Link opened = new Link(ch);
        ch.addConfirmListener((seq, multiple) -> opened.settle(seq, multiple, true),
                (seq, multiple) -> opened.settle(seq, multiple, false));
        ch.addReturnListener(opened::returned);
        ch.addShutdownListener(opened::lost);
        link = opened;
        return opened;
    }

    private void answer(Unconfirmed u, boolean ack) {
        if (!ack) {
            u.answer.accept(DeliveryOutcome.of(DeliveryOutcome.Kind.NACKED, "nacked by the broker"));
        } else if (u.returned != null) {
            topology.forget(u.n.routingKey());
            u.answer.accept(DeliveryOutcome.of(DeliveryOutcome.Kind.RETURNED, u.returned));
        } else {
            u.answer.accept(DeliveryOutcome.CONFIRMED);
        }
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close(5_000);
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing the notification connection: {}", e.toString());
            }
        }
    }
}
