package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.computeworker.messages.Json;
import org.computeworker.messages.rpc.RequestContext;

/** The golden wire vectors captured from nova (test resources nova-vectors/). */
public final class Vectors {
    private Vectors() {
    }

    public static JsonNode load(String name) {
        String path = "/nova-vectors/" + name + ".json";
        try (InputStream in = Vectors.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + path);
            }
            return Json.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The decoded inner request message nova sent. */
    public static ObjectNode request(String name) {
        return (ObjectNode) load(name).get("request").get("oslo_message");
    }

    public static ObjectNode args(String name) {
        return (ObjectNode) request(name).get("args").deepCopy();
    }

    public static RequestContext context(String name) {
        return RequestContext.fromMessage(request(name));
    }
}
