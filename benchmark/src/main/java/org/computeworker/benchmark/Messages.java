package org.computeworker.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcRequest;

/**
 * Benchmark messages shaped like nova's own start_instance (captured from nova 26.2.2), trimmed
 * to the ~5.2 KB of the anchor measurement (instance + nova's request context), sent to the
 * worker's no-op method so the worker's own overhead is what is measured.
 */
public final class Messages {
    public static final String NAMESPACE = "computeworker";
    public static final String VERSION = "1.0";
    private static final ObjectNode TEMPLATE = load();

    private Messages() {
    }

    private static ObjectNode load() {
        try (InputStream in = Messages.class.getResourceAsStream("/start_instance_message.json")) {
            ObjectNode m = (ObjectNode) Json.parse(in.readAllBytes());
            // The anchor's message carries nova's context without a service catalog and a 3 kB instance.
            m.putArray("_context_service_catalog");
            ((ObjectNode) m.path("args").path("instance").path("nova_object.data")).remove(
                    java.util.List.of("info_cache", "security_groups"));
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The instance argument, with a uuid chosen among {@code spread} instances. */
    public static ObjectNode args(int index, int spread) {
        ObjectNode args = (ObjectNode) TEMPLATE.get("args").deepCopy();
        ((ObjectNode) args.path("instance").path("nova_object.data")).put("uuid",
                new UUID(0x5eed, index % spread).toString());
        return args;
    }

    public static RequestContext context() {
        return RequestContext.fromMessage(TEMPLATE);
    }

    /** A no-op cast as oslo sends it: the 2.0 envelope around the request. */
    public static byte[] noopCast(int index, int spread) {
        return OsloEnvelope.encode(RpcRequest.cast("noop", args(index, spread), NAMESPACE, VERSION, context()).toMessage());
    }
}
