package org.computeworker.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The one Jackson configuration every wire codec shares, so numbers and nulls round-trip alike. */
public final class Json {
    /** Python's json module accepts documents far larger than Jackson's default string limit. */
    private static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            // 1.0 and 1e3 must come back as written, not as 1 or 1000.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build());
    }

    public static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
        }
    }

    public static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new MalformedMessageException("empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable body: " + e.getMessage());
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }

    public static byte[] writeBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }

    /** Writes one JSON document to a generator (streaming, no tree of its own). */
    @FunctionalInterface
    public interface StreamWriter {
        void write(com.fasterxml.jackson.core.JsonGenerator g) throws IOException;
    }

    /**
     * The compact UTF-8 JSON a {@link StreamWriter} writes, with the shared mapper as its codec;
     * buffers as ObjectMapper.writeValueAsBytes manages them.
     */
    public static byte[] writeBytes(StreamWriter writer) {
        try (com.fasterxml.jackson.core.util.ByteArrayBuilder out = new com.fasterxml.jackson.core.util.ByteArrayBuilder(
                MAPPER.getFactory()._getBufferRecycler())) {
            try (com.fasterxml.jackson.core.JsonGenerator g = MAPPER.createGenerator(out,
                    com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
                writer.write(g);
            }
            byte[] bytes = out.toByteArray();
            out.release();
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("a JSON document failed to serialise", e);
        }
    }

    /** Text of a node when it is text, else null: for reading what a broken message still tells. */
    public static String textOrNullLenient(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** Text of a node, or null for JSON null / absent. Refuses non-text rather than coercing. */
    public static String textOrNull(JsonNode node, String what) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new MalformedMessageException(what + " must be a string, got " + node.getNodeType());
        }
        return node.textValue();
    }
}
