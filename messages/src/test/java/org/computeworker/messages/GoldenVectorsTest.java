package org.computeworker.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.computeworker.messages.notifications.Notification;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.InstanceInfoCache;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.objects.RequestSpec;
import org.computeworker.messages.objects.Selection;
import org.computeworker.messages.rpc.RpcReply;
import org.computeworker.messages.rpc.RpcRequest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every message captured from nova's own code parses and re-encodes to JSON-equal content. */
class GoldenVectorsTest {
    private static final Map<String, Function<JsonNode, NovaObject>> TYPED = Map.of(
            "Instance", Instance::from,
            "Flavor", Flavor::from,
            "Migration", Migration::from,
            "RequestSpec", RequestSpec::from,
            "InstanceInfoCache", InstanceInfoCache::from,
            "BlockDeviceMappingList", BlockDeviceMappingList::from,
            "Selection", Selection::from);

    static JsonNode vector(String file) {
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("/nova-vectors/" + file)) {
            assertNotNull(in, "missing test resource " + file);
            return Json.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> files() {
        List<String> files = new ArrayList<>();
        vector("index.json").get("vectors").forEach(v -> files.add(v.get("file").asText()));
        return files;
    }

    @TestFactory
    Stream<DynamicTest> everyVectorRoundTrips() {
        return files().stream().map(f -> DynamicTest.dynamicTest(f, () -> checkVector(f, vector(f))));
    }

    private void checkVector(String file, JsonNode v) {
        int checked = 0;
        if (v.has("request")) {
            checkRequest(v.get("request"));
            checked++;
        }
        for (JsonNode reply : v.path("replies")) {
            checkReply(reply);
            checked++;
        }
        for (JsonNode notification : v.path("messages")) {
            checkNotification(notification);
            checked++;
        }
        assertTrue(checked > 0 || file.startsWith("broker_state"), file + " held no message");
    }

    private static byte[] body(JsonNode wire) {
        return wire.get("body_raw").asText().getBytes(StandardCharsets.UTF_8);
    }

    private void checkRequest(JsonNode wire) {
        ObjectNode decoded = OsloEnvelope.decode(body(wire));
        JsonAssert.assertJsonEquals(wire.get("oslo_message"), decoded, "decoded request");
        RpcRequest request = RpcRequest.fromMessage(decoded);
        ObjectNode reencoded = request.toMessage();
        JsonAssert.assertJsonEquals(wire.get("oslo_message"), reencoded, "re-encoded request");
        assertEquals(reencoded, OsloEnvelope.decode(OsloEnvelope.encode(reencoded)), "envelope round trip");
        RpcRequest streamed = RpcRequest.fromMessageText(OsloEnvelope.messageText(body(wire)));
        assertEquals(request.instanceUuid(), streamed.instanceUuid(), "the streaming reader finds the instance");
        JsonAssert.assertJsonEquals(wire.get("oslo_message"), streamed.toMessage(), "streamed request");
        request.args().fields().forEachRemaining(arg -> checkTypedObjects(arg.getValue()));
    }

    /** Views every known object type through its typed class; the primitive must come back whole. */
    private void checkTypedObjects(JsonNode node) {
        if (NovaObject.isPrimitive(node)) {
            Function<JsonNode, NovaObject> typed = TYPED.get(node.get(NovaObject.NAME).asText());
            if (typed != null) {
                JsonNode before = node.deepCopy();
                NovaObject object = typed.apply(node);
                readEveryAccessor(object);
                assertEquals(before, object.toPrimitive());
            }
        }
        if (node.isContainerNode()) {
            node.forEach(this::checkTypedObjects);
        }
    }

    private static void readEveryAccessor(NovaObject object) {
        if (object instanceof Instance i) {
            assertNotNull(i.uuid());
            i.flavor();
            i.oldFlavor();
            i.newFlavor();
            i.systemMetadata();
            i.launchedAt();
            i.updatedAt();
            if (i.infoCache() != null) {
                i.infoCache().networkInfo();
            }
        } else if (object instanceof RequestSpec r) {
            r.flavor();
            ImageMeta image = r.image();
            if (image != null) {
                image.properties();
            }
        } else if (object instanceof Selection s) {
            assertNotNull(s.serviceHost());
            s.limits();
        } else if (object instanceof BlockDeviceMappingList l) {
            l.objects().forEach(b -> b.bootIndex());
        }
    }

    private void checkReply(JsonNode wire) {
        ObjectNode decoded = OsloEnvelope.decode(body(wire));
        RpcReply reply = RpcReply.fromMessage(decoded);
        ObjectNode reencoded = reply.toMessage();
        // The failure is a JSON document inside a string: compare it as a document.
        JsonNode expectedFailure = decoded.get("failure");
        if (expectedFailure != null && expectedFailure.isTextual()) {
            assertEquals(Json.parse(expectedFailure.asText()), Json.parse(reencoded.get("failure").asText()));
            reencoded.set("failure", expectedFailure);
            assertFalse(reply.failure().className().isEmpty());
        }
        JsonAssert.assertJsonEquals(wire.get("oslo_message"), reencoded, "reply");
    }

    private void checkNotification(JsonNode wire) {
        ObjectNode decoded = OsloEnvelope.decode(body(wire));
        Notification n = Notification.fromMessage(decoded);
        ObjectNode reencoded = n.toMessage();
        JsonNode expected = wire.path("envelope").asBoolean() ? wire.get("oslo_message") : wire.get("body");
        JsonAssert.assertJsonEquals(expected, reencoded, "notification");
        byte[] again = n.encode(wire.path("envelope").asBoolean());
        assertEquals(reencoded, OsloEnvelope.decode(again));
        assertEquals(wire.get("event_type").asText(), n.eventType());
    }
}
