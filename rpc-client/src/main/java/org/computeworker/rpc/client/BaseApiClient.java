package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.computeworker.messages.Json;
import org.computeworker.messages.rpc.RequestContext;

/**
 * nova.baserpc.BaseAPI: the {@code baseapi} namespace (version 1.0) every nova service serves. nova
 * pings a topic (any server answers); pinging one server checks that host is alive.
 */
public final class BaseApiClient {
    public static final String NAMESPACE = "baseapi";
    public static final String VERSION = "1.0";

    private final RpcClient rpc;
    private final Target target;

    /** @param topic the service's topic, e.g. {@code compute} or {@code conductor} */
    public BaseApiClient(RpcClient rpc, String topic) {
        this.rpc = rpc;
        this.target = Target.topic(topic).withNamespace(NAMESPACE).withVersion(VERSION);
    }

    /** As nova sends it: to the topic, whichever server takes it. Returns {@code {"service": ..., "arg": ...}}. */
    public JsonNode ping(RequestContext context, JsonNode arg, Duration timeout) {
        return ping(context, null, arg, timeout);
    }

    /** To one server ({@code compute.<server>}); a null server is nova's topic-wide ping. */
    public JsonNode ping(RequestContext context, String server, JsonNode arg, Duration timeout) {
        Target to = server == null ? target : target.withServer(server);
        return rpc.call(to, context, "ping", RpcArgs.create().put("arg", arg == null ? Json.object() : arg).build(),
                null, timeout, null);
    }
}
