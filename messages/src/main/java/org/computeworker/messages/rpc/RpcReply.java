package org.computeworker.messages.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;

/**
 * A reply to a call. oslo.messaging 14 sends one reply with {@code ending: true}; while a call with
 * {@code _timeout} runs it also sends heartbeats: all-null replies with {@code ending: false}.
 */
public record RpcReply(JsonNode result, RemoteFailure failure, boolean ending, String msgId, String uniqueId) {

    public RpcReply {
        result = result == null ? NullNode.getInstance() : result;
    }

    public static RpcReply success(String msgId, JsonNode result) {
        return new RpcReply(result, null, true, msgId, RpcRequest.newId());
    }

    public static RpcReply failure(String msgId, RemoteFailure failure) {
        return new RpcReply(null, failure, true, msgId, RpcRequest.newId());
    }

    public static RpcReply heartbeat(String msgId) {
        return new RpcReply(null, null, false, msgId, RpcRequest.newId());
    }

    public boolean isHeartbeat() {
        return !ending && failure == null && result.isNull();
    }

    public ObjectNode toMessage() {
        ObjectNode m = Json.object();
        m.set("result", result);
        if (failure == null) {
            m.putNull("failure");
        } else {
            m.put("failure", failure.toJsonString());
        }
        m.put("ending", ending);
        m.put("_msg_id", msgId);
        m.put("_unique_id", uniqueId);
        return m;
    }

    public static RpcReply fromMessage(ObjectNode m) {
        JsonNode failure = m.get("failure");
        RemoteFailure decoded = null;
        if (failure != null && !failure.isNull()) {
            if (!failure.isTextual()) {
                throw new MalformedMessageException("failure must be a JSON string");
            }
            decoded = RemoteFailure.fromJsonString(failure.textValue());
        }
        JsonNode ending = m.get("ending");
        return new RpcReply(m.get("result"), decoded, ending != null && ending.asBoolean(false),
                Json.textOrNull(m.get("_msg_id"), "_msg_id"), Json.textOrNull(m.get("_unique_id"), "_unique_id"));
    }
}
