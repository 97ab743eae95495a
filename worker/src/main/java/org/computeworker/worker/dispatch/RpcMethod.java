package org.computeworker.worker.dispatch;

import com.fasterxml.jackson.databind.JsonNode;

/** One RPC method of an endpoint: takes the request, returns the result (null for none). */
@FunctionalInterface
public interface RpcMethod {
    JsonNode invoke(RpcCall call) throws Exception;
}
