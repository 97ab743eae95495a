package org.computeworker.worker.record.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Supplier;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.rpc.client.ConductorObjectApi;
import org.computeworker.rpc.client.MessagingTimeout;
import org.computeworker.rpc.client.RemoteError;
import org.computeworker.rpc.client.RpcException;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.errors.RecordUnavailableException;
import org.computeworker.worker.errors.UnexpectedTaskStateError;
import org.springframework.amqp.AmqpException;

/**
 * The conductor's object methods with nova's errors: what the conductor raised comes back as the
 * same nova exception (an UnexpectedTaskStateError is the compare-and-swap outcome), and a
 * conductor that does not answer is a {@link RecordUnavailableException} naming where it was asked.
 */
public final class ConductorCalls {
    private final ConductorObjectApi api;
    private final String where;

    /** @param where how to name the conductor in errors, e.g. "nova-conductor (topic conductor on amqp://...)" */
    public ConductorCalls(ConductorObjectApi api, String where) {
        this.api = api;
        this.where = where;
    }

    public JsonNode action(RequestContext ctx, NovaObject object, String method, ObjectNode kwargs) {
        return guard(object.objectName() + "." + method,
                () -> api.objectAction(ctx, object, method, Json.array(), kwargs));
    }

    public JsonNode classAction(RequestContext ctx, String objectName, String method, ArrayNode args,
                                ObjectNode kwargs) {
        return guard(objectName + "." + method, () -> api.objectClassAction(ctx, objectName, method, args, kwargs));
    }

    public static ArrayNode args(Object... values) {
        ArrayNode a = Json.array();
        for (Object v : values) {
            a.add(toJson(v));
        }
        return a;
    }

    public static ObjectNode kwargs(Object... pairs) {
        ObjectNode k = Json.object();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            k.set((String) pairs[i], toJson(pairs[i + 1]));
        }
        return k;
    }

    private static JsonNode toJson(Object v) {
        if (v == null) {
            return Json.NODES.nullNode();
        }
        return v instanceof JsonNode j ? j : v instanceof NovaObject o ? o.toPrimitive() : Json.MAPPER.valueToTree(v);
    }

    private JsonNode guard(String what, Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (RemoteError e) {
            throw translate(e);
        } catch (MessagingTimeout e) {
            throw new RecordUnavailableException(what + ": no answer from " + where + " (" + e.getMessage()
                    + "); is nova-conductor running?", e);
        } catch (AmqpException | RpcException e) {
            throw new RecordUnavailableException(what + ": cannot reach " + where + ": " + e.getMessage(), e);
        }
    }

    /** The conductor's exception as this side's nova exception, message and kwargs unchanged. */
    static NovaException translate(RemoteError e) {
        Map<String, Object> kwargs = Json.MAPPER.convertValue(e.kwargs() == null ? Json.object() : e.kwargs(),
                Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        if ("UnexpectedTaskStateError".equals(e.remoteClass())) {
            return new UnexpectedTaskStateError(e.remoteMessage(), kwargs);
        }
        Object code = kwargs.get("code");
        return new NovaException(e.remoteClass(), code instanceof Number n ? n.intValue() : 500, e.remoteMessage(),
                kwargs, e);
    }
}
