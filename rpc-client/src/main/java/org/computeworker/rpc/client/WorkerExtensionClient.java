package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.computeworker.messages.rpc.RequestContext;

/**
 * The compute worker's own RPC endpoint (namespace {@code computeworker}, version 1.0), served next
 * to nova's compute API on {@code compute.<host>}; real nova-compute does not have it and answers
 * UnsupportedVersion.
 */
public final class WorkerExtensionClient {
    public static final String NAMESPACE = "computeworker";
    public static final String VERSION = "1.0";

    private final RpcClient rpc;
    private final Target target = Target.topic(ComputeClient.TOPIC).withNamespace(NAMESPACE).withVersion(VERSION);

    public WorkerExtensionClient(RpcClient rpc) {
        this.rpc = rpc;
    }

    /** What the worker on {@code host} knows of an instance, as a JSON object. */
    public ObjectNode getInstanceState(RequestContext ctx, String host, String instanceUuid, Duration timeout) {
        if (host == null || host.isBlank() || instanceUuid == null || instanceUuid.isBlank()) {
            throw new IllegalArgumentException("get_instance_state needs a host and an instance uuid");
        }
        JsonNode result = rpc.call(target.withServer(host), ctx, "get_instance_state",
                RpcArgs.create().put("instance_uuid", instanceUuid).build(), null, timeout, null);
        if (!(result instanceof ObjectNode state)) {
            throw new RpcException("get_instance_state on " + host + " returned " + result.getNodeType()
                    + ", expected a JSON object");
        }
        return state;
    }

    public ObjectNode getInstanceState(RequestContext ctx, String host, String instanceUuid) {
        return getInstanceState(ctx, host, instanceUuid, null);
    }
}
