package org.computeworker.worker.notify;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.computeworker.worker.transport.ReplyPublisher;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Sends one notification with publisher confirms (CORRELATED) and the mandatory flag, and reports
 * how the broker answered. Never blocks on the answer; may block while a connection is made.
 *
 * <p>Besides oslo's properties (JSON, utf-8, persistent, priority 0) the message carries the two
 * headers Spring AMQP correlates returns with ({@code spring_listener_return_correlation},
 * {@code spring_returned_message_correlation}); oslo listeners ignore headers.
 */
final class ConfirmedSender {
    private final RabbitTemplate template;
    private final NotificationTopology topology;
    private final String exchange;
    private final AtomicLong correlation = new AtomicLong();

    ConfirmedSender(CachingConnectionFactory connections, PublisherOptions options) {
        this.template = new RabbitTemplate(connections);
        this.template.setMandatory(true);
        this.template.setReturnsCallback(returned -> { }); // seen through CorrelationData.getReturned()
        this.topology = new NotificationTopology(connections, template, options);
        this.exchange = options.exchange();
    }

    CompletableFuture<DeliveryOutcome> send(OutboundNotification n) {
        try {
            topology.ensure(n.routingKey());
            CorrelationData cd = new CorrelationData(Long.toString(correlation.incrementAndGet()));
            template.send(exchange, n.routingKey(), new Message(n.body(), ReplyPublisher.ProtocolProperties.json()),
                    cd);
            return cd.getFuture().handle((confirm, error) -> {
                if (error != null) {
                    return DeliveryOutcome.of(DeliveryOutcome.Kind.NACKED, error.toString());
                }
                if (!confirm.isAck()) {
                    return DeliveryOutcome.of(DeliveryOutcome.Kind.NACKED, confirm.getReason());
                }
                if (cd.getReturned() != null) {
                    topology.forget(n.routingKey());
                    return DeliveryOutcome.of(DeliveryOutcome.Kind.RETURNED, cd.getReturned().getReplyText());
                }
                return DeliveryOutcome.CONFIRMED;
            });
        } catch (AmqpException e) {
            return CompletableFuture.completedFuture(DeliveryOutcome.of(DeliveryOutcome.Kind.NOT_SENT,
                    e.getCause() == null ? e.toString() : e.getCause().toString()));
        }
    }
}
