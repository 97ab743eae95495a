package org.computeworker.worker.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.computeworker.messages.RpcVersion;
import org.computeworker.messages.rpc.RpcRequest;

/**
 * oslo.messaging's RPCDispatcher: the first endpoint whose namespace matches and whose version is
 * compatible (same major, minor not above) and that has the method runs it. Methods starting with
 * '_' are never exposed (DefaultRPCAccessPolicy). No compatible endpoint gives UnsupportedVersion,
 * a compatible one without the method NoSuchMethod.
 */
public final class Dispatcher {
    private final List<RpcEndpoint> endpoints;

    public Dispatcher(List<RpcEndpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    public List<RpcEndpoint> endpoints() {
        return endpoints;
    }

    /** Finds the method the request names, or throws the dispatcher error oslo would. */
    public RpcMethod resolve(RpcRequest request) {
        RpcVersion version = RpcVersion.parse(request.version());
        boolean foundCompatible = false;
        for (RpcEndpoint endpoint : endpoints) {
            if (!Objects.equals(endpoint.namespace(), request.namespace()) || !version.isServedBy(endpoint.version())) {
                continue;
            }
            RpcMethod method = endpoint.method(request.method());
            if (method != null && !request.method().startsWith("_")) {
                return method;
            }
            foundCompatible = true;
        }
        if (foundCompatible) {
            throw DispatcherError.noSuchMethod(request.method());
        }
        throw DispatcherError.unsupportedVersion(request.version(), request.method());
    }

    public JsonNode dispatch(RpcCall call) throws Exception {
        return resolve(call.request()).invoke(call);
    }
}
