package org.computeworker.messages.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.RpcVersion;

/**
 * One oslo.messaging RPC request: a cast when it has no {@code _msg_id}, a call when it has one.
 * Key order on the wire follows oslo's: method, args, namespace, version, _msg_id, _reply_q,
 * _timeout, _unique_id, then the context. Decoded from the wire, {@code args} stays text until a
 * method reads it: admitting a message needs only its scalars, the context and the instance uuid.
 */
public final class RpcRequest {
    /** oslo's default when a message carries no version. */
    public static final String DEFAULT_VERSION = "1.0";

    private final String method;
    private final String namespace;
    private final String version;
    private final String msgId;
    private final String replyQueue;
    private final Double timeout;
    private final String uniqueId;
    private final RequestContext context;
    private final String instanceUuid;
    private final String argsText;
    private volatile ObjectNode args;

    RpcRequest(String method, ObjectNode args, String argsText, String instanceUuid, String namespace, String version,
               String msgId, String replyQueue, Double timeout, String uniqueId, RequestContext context) {
        if (method == null || method.isEmpty()) {
            throw new MalformedMessageException("method is missing");
        }
        if (msgId != null && replyQueue == null) {
            throw new MalformedMessageException("call " + method + " has _msg_id but no _reply_q");
        }
        this.method = method;
        this.args = args == null && argsText == null ? Json.object() : args;
        this.argsText = argsText;
        this.namespace = namespace;
        this.version = version == null ? DEFAULT_VERSION : version;
        this.msgId = msgId;
        this.replyQueue = replyQueue;
        this.timeout = timeout;
        this.uniqueId = uniqueId;
        this.context = context == null ? RequestContext.fromDict(Json.object()) : context;
        this.instanceUuid = instanceUuid != null ? instanceUuid : this.args == null ? null : instanceUuidOf(this.args);
    }

    public static RpcRequest cast(String method, ObjectNode args, String namespace, String version, RequestContext ctx) {
        return new RpcRequest(method, args, null, null, namespace, version, null, null, null, newId(), ctx);
    }

    public static RpcRequest call(String method, ObjectNode args, String namespace, String version,
                                  RequestContext ctx, String replyQueue, Double callMonitorTimeout) {
        return new RpcRequest(method, args, null, null, namespace, version, newId(), replyQueue, callMonitorTimeout,
                newId(), ctx);
    }

    /** Reads a decoded message, refusing missing or mistyped fields with the reason. */
    public static RpcRequest fromMessage(ObjectNode m) {
        String method = Json.textOrNull(m.get("method"), "method");
        JsonNode args = m.get("args");
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new MalformedMessageException("args must be an object, got " + args.getNodeType());
        }
        JsonNode timeout = m.get("_timeout");
        if (timeout != null && !timeout.isNull() && !timeout.isNumber()) {
            throw new MalformedMessageException("_timeout must be a number, got " + timeout.getNodeType());
        }
        String version = Json.textOrNull(m.get("version"), "version");
        if (version != null) {
            RpcVersion.parse(version);
        }
        return new RpcRequest(method, args == null || args.isNull() ? Json.object() : (ObjectNode) args, null, null,
                Json.textOrNull(m.get("namespace"), "namespace"), version,
                Json.textOrNull(m.get("_msg_id"), "_msg_id"), Json.textOrNull(m.get("_reply_q"), "_reply_q"),
                timeout == null || timeout.isNull() ? null : timeout.doubleValue(),
                Json.textOrNull(m.get("_unique_id"), "_unique_id"), RequestContext.fromMessage(m));
    }

    /** Decodes the inner message text with a streaming parser (see {@link RpcRequestReader}). */
    public static RpcRequest fromMessageText(String text) {
        return RpcRequestReader.read(text);
    }

    public ObjectNode toMessage() {
        ObjectNode m = Json.object();
        m.put("method", method);
        m.set("args", args());
        if (namespace != null) {
            m.put("namespace", namespace);
        }
        m.put("version", version);
        if (isCall()) {
            m.put("_msg_id", msgId);
            m.put("_reply_q", replyQueue);
            if (timeout == null) {
                m.putNull("_timeout");
            } else if (timeout == Math.rint(timeout) && Math.abs(timeout) < Integer.MAX_VALUE) {
                m.put("_timeout", timeout.intValue());
            } else {
                m.put("_timeout", timeout);
            }
        }
        if (uniqueId != null) {
            m.put("_unique_id", uniqueId);
        }
        context.flattenInto(m);
        return m;
    }

    public String method() {
        return method;
    }

    /** The keyword arguments, parsed on first use. */
    public ObjectNode args() {
        ObjectNode a = args;
        if (a == null) {
            synchronized (this) {
                if (args == null) {
                    args = (ObjectNode) Json.parse(argsText);
                }
                a = args;
            }
        }
        return a;
    }

    public String namespace() {
        return namespace;
    }

    public String version() {
        return version;
    }

    public String msgId() {
        return msgId;
    }

    public String replyQueue() {
        return replyQueue;
    }

    public Double timeout() {
        return timeout;
    }

    public String uniqueId() {
        return uniqueId;
    }

    public RequestContext context() {
        return context;
    }

    public boolean isCall() {
        return msgId != null;
    }

    /** The uuid of the {@code instance} argument, for logs and per-instance ordering; null if none. */
    public String instanceUuid() {
        return instanceUuid;
    }

    static String instanceUuidOf(ObjectNode args) {
        JsonNode instance = args.get("instance");
        if (instance == null) {
            return null;
        }
        JsonNode data = instance.get("nova_object.data");
        JsonNode uuid = data != null ? data.get("uuid") : instance.get("uuid");
        return uuid != null && uuid.isTextual() ? uuid.textValue() : null;
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public String toString() {
        return (isCall() ? "call " : "cast ") + method + " " + version + (namespace == null ? "" : " " + namespace);
    }
}
