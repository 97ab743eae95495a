package org.computeworker.worker.notify;

/**
 * One encoded notification bound for one topic: the AMQP body, its routing key on the control
 * exchange ({@code <topic>.<priority>}), and the key whose notifications must stay in order (the
 * instance uuid).
 */
public record OutboundNotification(String orderingKey, String routingKey, String eventType, String messageId,
                                   byte[] body) {
    @Override
    public String toString() {
        return eventType + " -> " + routingKey + " (" + messageId + ", key " + orderingKey + ")";
    }
}
