package org.computeworker.messages;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * oslo.messaging's message formats: 2.0 wraps the JSON message as a string under
 * {@code oslo.message}; 1.0 is the bare JSON object. Both are read; 2.0 is written unless asked.
 */
public final class OsloEnvelope {
    public static final String VERSION_KEY = "oslo.version";
    public static final String MESSAGE_KEY = "oslo.message";
    public static final String VERSION = "2.0";
    private static final RpcVersion ENVELOPE_VERSION = RpcVersion.parse(VERSION);

    private OsloEnvelope() {
    }

    /** Decodes an AMQP body into the inner message object, whichever format it was sent in. */
    public static ObjectNode decode(byte[] body) {
        JsonNode top = Json.parse(body);
        if (!top.isObject()) {
            throw new MalformedMessageException("message body must be a JSON object, got " + top.getNodeType());
        }
        JsonNode version = top.get(VERSION_KEY);
        if (version == null) {
            return (ObjectNode) top; // format 1.0: no envelope
        }
        // oslo's own rule (_is_compatible): same major, minor not above ours.
        if (!version.isTextual() || !RpcVersion.parse(version.textValue()).isServedBy(ENVELOPE_VERSION)) {
            throw new MalformedMessageException("unsupported oslo.version " + version);
        }
        JsonNode inner = top.get(MESSAGE_KEY);
        if (inner == null || !inner.isTextual()) {
            throw new MalformedMessageException("envelope 2.0 without a string oslo.message");
        }
        JsonNode message = Json.parse(inner.textValue());
        if (!message.isObject()) {
            throw new MalformedMessageException("oslo.message must hold a JSON object, got " + message.getNodeType());
        }
        return (ObjectNode) message;
    }

    /**
     * The message's own JSON text: the string under {@code oslo.message} (2.0), or the body itself
     * (1.0), read with a streaming parser so the envelope costs one pass over the bytes.
     */
    public static String messageText(byte[] body) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedMessageException("message body must be a JSON object");
            }
            String inner = null;
            String version = null;
            boolean envelope = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (VERSION_KEY.equals(name)) {
                    envelope = true;
                    version = value == JsonToken.VALUE_STRING ? p.getText() : "";
                } else if (MESSAGE_KEY.equals(name) && value == JsonToken.VALUE_STRING) {
                    inner = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (!envelope) {
                return new String(body, java.nio.charset.StandardCharsets.UTF_8);
            }
            if (!RpcVersion.parse(version).isServedBy(ENVELOPE_VERSION)) {
                throw new MalformedMessageException("unsupported oslo.version " + version);
            }
            if (inner == null) {
                throw new MalformedMessageException("envelope 2.0 without a string oslo.message");
            }
            return inner;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new MalformedMessageException("unreadable body: " + e.getMessage());
        }
    }

    /** Wraps a message in the 2.0 envelope, as oslo.messaging's rabbit driver sends it. */
    public static byte[] encode(ObjectNode message) {
        ObjectNode envelope = Json.object();
        envelope.put(VERSION_KEY, VERSION);
        envelope.put(MESSAGE_KEY, Json.write(message));
        return Json.writeBytes(envelope);
    }

    /** The 1.0 form: the message itself, as the {@code messaging} notification driver sends it. */
    public static byte[] encodeV1(ObjectNode message) {
        return Json.writeBytes(message);
    }
}
