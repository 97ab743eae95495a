package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.NovaObject;

/**
 * The {@code args} of an RPC message, built in the order nova's rpcapi writes its kwargs, each value
 * serialised as nova's NovaObjectSerializer would: objects as their primitives, lists element-wise,
 * None as null.
 */
public final class RpcArgs {
    private final ObjectNode args = Json.object();

    private RpcArgs() {
    }

    public static RpcArgs create() {
        return new RpcArgs();
    }

    public RpcArgs put(String name, Object value) {
        args.set(name, toJson(value));
        return this;
    }

    public RpcArgs remove(String name) {
        args.remove(name);
        return this;
    }

    public ObjectNode build() {
        return args;
    }

    /** One argument value as JSON; refuses types nova's serializer would not know either. */
    public static JsonNode toJson(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof NovaObject object) {
            return object.toPrimitive();
        }
        if (value instanceof ImageMeta image) {
            return image.toPrimitive();
        }
        if (value instanceof String s) {
            return Json.NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return Json.NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return Json.NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return Json.NODES.numberNode(l);
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = Json.array();
            items.forEach(item -> array.add(toJson(item)));
            return array;
        }
        throw new IllegalArgumentException("cannot send a " + value.getClass().getName() + " as an RPC argument");
    }
}
