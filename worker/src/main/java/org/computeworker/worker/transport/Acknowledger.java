package org.computeworker.worker.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges deliveries on the channel they came on. A channel that died cannot acknowledge:
 * the broker redelivers, and the journal recognises the copy.
 */
public final class Acknowledger {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledger.class);

    public void ack(InboundDelivery d) {
        try {
            if (d.channel().isOpen()) {
                d.channel().basicAck(d.deliveryTag(), false);
            }
        } catch (Exception e) {
            LOG.debug("ack of delivery {} failed: {} (the broker will redeliver it)", d.deliveryTag(), e.getMessage());
        }
    }

    /** Hands a delivery back to the broker for another try (it could not be journaled). */
    public void requeue(InboundDelivery d) {
        try {
            d.channel().basicNack(d.deliveryTag(), false, true);
        } catch (Exception e) {
            LOG.warn("could not requeue delivery {}: {} (the broker redelivers it when the channel closes)",
                    d.deliveryTag(), e.getMessage());
        }
    }
}
