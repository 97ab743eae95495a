package org.computeworker.worker.dispatch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;

/**
 * Who sent a message that will not be decoded whole (too large): the caller's {@code _msg_id} and
 * {@code _reply_q}, read with a streaming parser that skips every value it does not need, so the
 * caller gets a failure reply instead of a timeout.
 */
public record CallerIdentity(String msgId, String replyQueue, String method) {

    public static Optional<CallerIdentity> peek(byte[] body) {
        try {
            String inner = envelopeMessage(body);
            return inner == null ? scan(Json.MAPPER.getFactory().createParser(body))
                    : scan(Json.MAPPER.getFactory().createParser(inner));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The inner message string of a 2.0 envelope, or null for the 1.0 form. */
    private static String envelopeMessage(byte[] body) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (OsloEnvelope.MESSAGE_KEY.equals(name) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        }
    }

    private static Optional<CallerIdentity> scan(JsonParser p) throws IOException {
        try (p) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String msgId = null;
            String replyQueue = null;
            String method = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    switch (name) {
                        case "_msg_id" -> msgId = p.getText();
                        case "_reply_q" -> replyQueue = p.getText();
                        case "method" -> method = p.getText();
                        default -> { }
                    }
                } else {
                    p.skipChildren();
                }
            }
            return msgId != null && replyQueue != null
                    ? Optional.of(new CallerIdentity(msgId, replyQueue, method)) : Optional.empty();
        }
    }
}
