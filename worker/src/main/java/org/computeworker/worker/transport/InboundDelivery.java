package org.computeworker.worker.transport;

import com.rabbitmq.client.Channel;

/** One AMQP delivery as it arrived, with what is needed to acknowledge it later. */
public record InboundDelivery(
        byte[] body,
        String queue,
        boolean redelivered,
        String expiration,
        long receivedAtMillis,
        Channel channel,
        long deliveryTag) {

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
