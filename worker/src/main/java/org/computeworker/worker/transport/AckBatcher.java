package org.computeworker.worker.transport;

import com.rabbitmq.client.Channel;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces acknowledgements: every delivery passes through the journal writer in delivery order,
 * so after a batch commits one {@code basicAck(highestTag, multiple=true)} per channel covers
 * them all. Used from the journal writer thread only.
 */
public final class AckBatcher {
    private static final Logger LOG = LoggerFactory.getLogger(AckBatcher.class);
    private final Map<Channel, Long> highest = new IdentityHashMap<>();

    public void ackLater(InboundDelivery d) {
        highest.merge(d.channel(), d.deliveryTag(), Math::max);
    }

    /** Requeues one delivery now (it could not be journaled); the broker will offer it again. */
    public void requeue(InboundDelivery d) {
        try {
            d.channel().basicNack(d.deliveryTag(), false, true);
        } catch (Exception e) {
            LOG.warn("could not requeue delivery {}: {} (the broker redelivers it when the channel closes)",
                    d.deliveryTag(), e.getMessage());
        }
    }

    public void flush() {
        for (Map.Entry<Channel, Long> e : highest.entrySet()) {
            Channel channel = e.getKey();
            try {
                if (channel.isOpen()) {
                    channel.basicAck(e.getValue(), true);
                }
            } catch (Exception ex) {
                // The channel died: the broker redelivers; the journal recognises the duplicates.
                LOG.debug("ack up to {} failed: {}", e.getValue(), ex.getMessage());
            }
        }
        highest.clear();
    }
}
