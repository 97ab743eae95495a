package org.computeworker.worker.transport;

import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP delivery as it arrived, acknowledged later on the channel it came on. A channel that
 * died cannot acknowledge: the broker redelivers, and the journal recognises the copy.
 */
public record InboundDelivery(
        byte[] body,
        String queue,
        boolean redelivered,
        String expiration,
        long receivedAtMillis,
        Channel channel,
        long deliveryTag) {

    private static final Logger LOG = LoggerFactory.getLogger(InboundDelivery.class);

    public void ack() {
        try {
            if (channel.isOpen()) {
                channel.basicAck(deliveryTag, false);
            }
        } catch (Exception e) {
            LOG.debug("ack of delivery {} failed: {} (the broker will redeliver it)", deliveryTag, e.getMessage());
        }
    }

    /** Hands the delivery back to the broker for another try (it could not be journaled). */
    public void requeue() {
        try {
            channel.basicNack(deliveryTag, false, true);
        } catch (Exception e) {
            LOG.warn("could not requeue delivery {}: {} (the broker redelivers it when the channel closes)",
                    deliveryTag, e.getMessage());
        }
    }

    /** The call deadline from the AMQP expiration (ms after arrival); Long.MAX_VALUE when none. */
    public long deadlineMillis() {
        if (expiration == null || expiration.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            return receivedAtMillis + Long.parseLong(expiration.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
