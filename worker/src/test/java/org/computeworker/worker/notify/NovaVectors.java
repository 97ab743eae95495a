package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;

/**
 * The vectors in src/test/resources/nova-vectors: nova's own messages, and the RPC requests whose
 * objects nova's notification code was run on.
 */
final class NovaVectors {
    private NovaVectors() {
    }

    static JsonNode load(String name) {
        try (InputStream in = NovaVectors.class.getResourceAsStream("/nova-vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The decoded oslo message of an RPC vector's request. */
    static ObjectNode rpcMessage(String name) {
        return (ObjectNode) load(name).path("request").path("oslo_message").deepCopy();
    }

    static RequestContext context(ObjectNode rpcMessage) {
        return RequestContext.fromMessage(rpcMessage);
    }

    static Instance instance(ObjectNode rpcMessage) {
        return Instance.from(rpcMessage.path("args").get("instance"));
    }

    /** The changes capture_notifications.py made to the instance, made the same way. */
    static void apply(Instance instance, JsonNode changes) {
        for (Map.Entry<String, JsonNode> c : changes.properties()) {
            JsonNode v = c.getValue();
            switch (c.getKey()) {
                case "flavor_from" -> instance.setFlavor(
                        v.asText().equals("old_flavor") ? instance.oldFlavor() : instance.newFlavor());
                case "old_flavor_from" -> instance.setOldFlavor(instance.flavor().copy());
                default -> instance.setField(c.getKey(), v.deepCopy());
            }
        }
        instance.resetChanges();
    }
}
