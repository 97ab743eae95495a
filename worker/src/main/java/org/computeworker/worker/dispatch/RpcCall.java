package org.computeworker.worker.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcRequest;

/** A request being dispatched to a method. */
public record RpcCall(RpcRequest request) {

    public RequestContext context() {
        return request.context();
    }

    public ObjectNode args() {
        return request.args();
    }

    public JsonNode arg(String name) {
        return request.args().get(name);
    }

    public String method() {
        return request.method();
    }
}
