package org.computeworker.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.notifications.Notification;
import org.computeworker.messages.rpc.RequestContext;
import org.junit.jupiter.api.Test;

/**
 * The one-pass encoders write exactly the bytes of the straightforward way — the message as a
 * JSON string, then an envelope object holding that string, each written by Jackson — for every
 * message captured from nova and for strings that need escaping.
 */
class EnvelopeBytesTest {
    /** The 2.0 envelope as it was written before the one-pass encoder: two Jackson passes. */
    private static byte[] twoPasses(ObjectNode message) {
        ObjectNode envelope = Json.object();
        envelope.put(OsloEnvelope.VERSION_KEY, OsloEnvelope.VERSION);
        envelope.put(OsloEnvelope.MESSAGE_KEY, Json.write(message));
        return Json.writeBytes(envelope);
    }

    private static List<ObjectNode> capturedMessages() {
        List<ObjectNode> out = new ArrayList<>();
        for (String file : GoldenVectorsTest.files()) {
            JsonNode v = GoldenVectorsTest.vector(file);
            List<JsonNode> wires = new ArrayList<>();
            if (v.has("request")) {
                wires.add(v.get("request"));
            }
            v.path("replies").forEach(wires::add);
            v.path("messages").forEach(wires::add);
            for (JsonNode wire : wires) {
                out.add(OsloEnvelope.decode(wire.get("body_raw").asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static ObjectNode awkward() {
        ObjectNode m = Json.object();
        m.put("quotes", "say \"hi\" and 'bye'");
        m.put("backslashes", "C:\\temp\\new \\\" \\\\");
        m.put("controls", "tab\there\nnewline\rcr\u0001\u001f\b\f end");
        m.put("non_ascii", "café 中文 \uD83D\uDE00 \u2028 \u00ff \u007f");
        m.put("json_inside", "{\"a\": [1, \"b\\\"c\"]}");
        m.put("float", new BigDecimal("1.0"));
        m.put("big", new BigDecimal("1e3"));
        m.putNull("nothing");
        m.putArray("list").add("x\"y").add(1).add(true);
        m.put("qu\"oted key\\", "v");
        m.put("lone_surrogates", "\uD83D and \uDE00 alone");
        m.put("escaped_escape", "\\uD83D is text, not an emoji");
        return m;
    }

    @Test
    void theEnvelopeIsByteForByteWhatTwoJacksonPassesWrite() {
        List<ObjectNode> messages = capturedMessages();
        assertTrue(messages.size() > 20, "captured messages: " + messages.size());
        messages.add(awkward());
        for (ObjectNode m : messages) {
            assertArrayEquals(twoPasses(m), OsloEnvelope.encode(m), () -> Json.write(m));
            assertEquals(m, OsloEnvelope.decode(OsloEnvelope.encode(m)));
        }
    }

    @Test
    void aStreamedNotificationIsByteForByteItsMessageTree() {
        ObjectNode payload = awkward();
        payload.set("nested", capturedMessages().get(0));
        Notification n = Notification.create("compute.hostA", "compute.instance.power_on.start", "info", payload,
                RequestContext.admin("u\"ser", "proj\\ect"));
        assertArrayEquals(twoPasses(n.toMessage()), n.encode(true));
        assertArrayEquals(Json.writeBytes(n.toMessage()), n.encode(false));
        Notification noContext = new Notification("m", "p", "e", "INFO", null, "t", null, null);
        assertArrayEquals(twoPasses(noContext.toMessage()), noContext.encode(true));
    }
}
