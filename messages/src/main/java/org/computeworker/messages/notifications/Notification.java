package org.computeworker.messages.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcRequest;

/**
 * One oslo.messaging notification: {@code message_id, publisher_id, event_type, priority, payload,
 * timestamp}, then {@code _unique_id} and the (sanitised) context, in that order.
 */
public record Notification(String messageId, String publisherId, String eventType, String priority,
                           JsonNode payload, String timestamp, String uniqueId, RequestContext context) {

    public static Notification create(String publisherId, String eventType, String priority, JsonNode payload,
                                      RequestContext context) {
        return new Notification(UUID.randomUUID().toString(), publisherId, eventType, priority.toUpperCase(Locale.ROOT),
                payload, NovaTime.notifierTimestamp(Instant.now()), RpcRequest.newId(),
                context == null ? null : context.sanitizedForNotification());
    }

    public ObjectNode toMessage() {
        ObjectNode m = Json.object();
        m.put("message_id", messageId);
        m.put("publisher_id", publisherId);
        m.put("event_type", eventType);
        m.put("priority", priority);
        m.set("payload", payload);
        m.put("timestamp", timestamp);
        if (uniqueId != null) {
            m.put("_unique_id", uniqueId);
        }
        if (context != null) {
            context.flattenInto(m);
        }
        return m;
    }

    /**
     * The AMQP body for the {@code messagingv2} driver (2.0 envelope) or {@code messaging} (1.0):
     * {@link #toMessage}'s JSON, streamed from the fields and written once.
     */
    public byte[] encode(boolean envelope) {
        byte[] message = Json.writeBytes(g -> {
            g.writeStartObject();
            g.writeStringField("message_id", messageId);
            g.writeStringField("publisher_id", publisherId);
            g.writeStringField("event_type", eventType);
            g.writeStringField("priority", priority);
            g.writeFieldName("payload");
            g.writeTree(payload);
            g.writeStringField("timestamp", timestamp);
            if (uniqueId != null) {
                g.writeStringField("_unique_id", uniqueId);
            }
            if (context != null) {
                context.writeFlattened(g);
            }
            g.writeEndObject();
        });
        return envelope ? OsloEnvelope.wrap(message) : message;
    }

    /** The routing key oslo uses: {@code <topic>.<priority lowercase>}. */
    public String routingKey(String topic) {
        return topic + "." + priority.toLowerCase(Locale.ROOT);
    }

    public static Notification decode(byte[] body) {
        return fromMessage(OsloEnvelope.decode(body));
    }

    public static Notification fromMessage(ObjectNode m) {
        String eventType = Json.textOrNull(m.get("event_type"), "event_type");
        if (eventType == null) {
            throw new MalformedMessageException("notification without event_type");
        }
        return new Notification(
                Json.textOrNull(m.get("message_id"), "message_id"),
                Json.textOrNull(m.get("publisher_id"), "publisher_id"),
                eventType,
                Json.textOrNull(m.get("priority"), "priority"),
                m.get("payload"),
                Json.textOrNull(m.get("timestamp"), "timestamp"),
                Json.textOrNull(m.get("_unique_id"), "_unique_id"),
                RequestContext.fromMessage(m));
    }
}
