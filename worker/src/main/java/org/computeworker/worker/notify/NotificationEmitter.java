package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.computeworker.messages.notifications.Notification;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcRequest;

/**
 * oslo.messaging's Notifier for nova's two notifiers: one message per notification (one
 * message_id), sent on every topic of its format, once per configured messaging driver, each
 * send with its own {@code _unique_id} as oslo's rabbit driver stamps them.
 */
final class NotificationEmitter {
    static final String INFO = "INFO";
    static final String ERROR = "ERROR";

    private final NotifierSettings settings;
    private final NotificationSink sink;

    NotificationEmitter(NotifierSettings settings, NotificationSink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    boolean legacyEnabled() {
        return settings.legacy() && !settings.encodings().isEmpty();
    }

    boolean versionedEnabled() {
        return settings.versioned() && !settings.encodings().isEmpty();
    }

    void legacy(RequestContext ctx, String eventType, String priority, JsonNode payload, String orderingKey) {
        if (legacyEnabled()) {
            emit(Notification.create(settings.legacyPublisher(), eventType, priority, payload, ctx),
                    settings.legacyTopics(), orderingKey);
        }
    }

    void versioned(RequestContext ctx, String eventType, String priority, JsonNode payload, String orderingKey) {
        if (versionedEnabled()) {
            emit(Notification.create(settings.versionedPublisher(), eventType, priority, payload, ctx),
                    settings.versionedTopics(), orderingKey);
        }
    }

    private void emit(Notification n, List<String> topics, String orderingKey) {
        for (boolean envelope : settings.encodings()) {
            for (String topic : topics) {
                // oslo's rabbit driver gives every send its own _unique_id; listeners drop repeats of one
                Notification send = new Notification(n.messageId(), n.publisherId(), n.eventType(), n.priority(),
                        n.payload(), n.timestamp(), RpcRequest.newId(), n.context());
                sink.publish(new OutboundNotification(orderingKey, send.routingKey(topic), n.eventType(),
                        n.messageId(), send.encode(envelope)));
            }
        }
    }
}
