package org.computeworker.messages.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.RpcVersion;

/**
 * Reads a request in one streaming pass: scalars and the context become values, {@code args} is
 * tokenised (so a syntax error still refuses the message) but kept as text, picking out the
 * instance uuid on the way. Building the whole tree is most of what decoding costs, and a method
 * that never reads its arguments never pays for it.
 */
final class RpcRequestReader {
    private RpcRequestReader() {
    }

    /**
     * Field names are not canonicalised: a message has hundreds of names (most of them skipped),
     * and looking each up in the shared symbol table costs more than the short strings it saves.
     */
    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = com.fasterxml.jackson.core.JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(Json.MAPPER.getFactory().streamReadConstraints())
            .build();

    static RpcRequest read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            p.setCodec(Json.MAPPER);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedMessageException("message must be a JSON object");
            }
            Fields f = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                read(p, text, name, value, f);
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedMessageException("trailing content after the message");
            }
            return new RpcRequest(f.method, null, f.argsText, f.instanceUuid, f.namespace, f.version, f.msgId,
                    f.replyQueue, f.timeout, f.uniqueId, RequestContext.fromDict(f.context));
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable message: " + e.getMessage());
        }
    }

    /** What the pass collects. */
    private static final class Fields {
        String method;
        String namespace;
        String version;
        String msgId;
        String replyQueue;
        Double timeout;
        String uniqueId;
        String argsText;
        String instanceUuid;
        final ObjectNode context = Json.object();
    }

    private static void read(JsonParser p, String text, String name, JsonToken value, Fields f) throws IOException {
        switch (name) {
            case "method" -> f.method = text(p, value, name);
            case "namespace" -> f.namespace = text(p, value, name);
            case "version" -> {
                f.version = text(p, value, name);
                if (f.version != null) {
                    RpcVersion.parse(f.version);
                }
            }
            case "_msg_id" -> f.msgId = text(p, value, name);
            case "_reply_q" -> f.replyQueue = text(p, value, name);
            case "_unique_id" -> f.uniqueId = text(p, value, name);
            case "_timeout" -> {
                if (value.isNumeric()) {
                    f.timeout = p.getDoubleValue();
                } else if (value != JsonToken.VALUE_NULL) {
                    throw new MalformedMessageException("_timeout must be a number, got " + value);
                }
            }
            case "args" -> readArgs(p, text, value, f);
            default -> {
                if (name.startsWith(RequestContext.PREFIX)) {
                    f.context.set(name.substring(RequestContext.PREFIX.length()), p.readValueAsTree());
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static void readArgs(JsonParser p, String text, JsonToken value, Fields f) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            f.argsText = "{}";
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new MalformedMessageException("args must be an object, got " + value);
        }
        int start = (int) p.currentTokenLocation().getCharOffset();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String arg = p.currentName();
            JsonToken v = p.nextToken();
            if ("instance".equals(arg) && v == JsonToken.START_OBJECT) {
                f.instanceUuid = instanceUuid(p);
            } else {
                p.skipChildren();
            }
        }
        int end = (int) p.currentLocation().getCharOffset();
        f.argsText = text.substring(start, end);
    }

    /** The uuid of a nova object primitive (in nova_object.data) or of a plain dict; consumes the object. */
    private static String instanceUuid(JsonParser p) throws IOException {
        String uuid = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("uuid".equals(field) && v == JsonToken.VALUE_STRING) {
                uuid = p.getText();
            } else if ("nova_object.data".equals(field) && v == JsonToken.START_OBJECT) {
                String inner = instanceUuid(p);
                uuid = inner != null ? inner : uuid;
            } else {
                p.skipChildren();
            }
        }
        return uuid;
    }

    private static String text(JsonParser p, JsonToken value, String name) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new MalformedMessageException(name + " must be a string, got " + value);
        }
        return p.getText();
    }

}
