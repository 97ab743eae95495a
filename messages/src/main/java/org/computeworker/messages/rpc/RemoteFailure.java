package org.computeworker.messages.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;

/**
 * The failure of a call as oslo.messaging's {@code serialize_remote_exception} writes it: a JSON
 * document carried as a string. A Python caller rebuilds {@code module.className(*args, **kwargs)}
 * when the module is allowed (nova allows {@code nova.exception}) and raises it as
 * {@code <className>_Remote}; otherwise it raises {@code RemoteError}.
 */
public record RemoteFailure(String className, String module, String message, List<String> traceback,
                            ArrayNode args, ObjectNode kwargs) {

    public RemoteFailure {
        traceback = traceback == null ? List.of() : List.copyOf(traceback);
        args = args == null ? Json.array() : args;
        kwargs = kwargs == null ? Json.object() : kwargs;
        message = message == null ? "" : message;
    }

    /** The Python name of the exception class, e.g. {@code nova.exception.InstanceInvalidState}. */
    public String qualifiedName() {
        return module == null || module.isEmpty() ? className : module + "." + className;
    }

    public String toJsonString() {
        ObjectNode data = Json.object();
        data.put("class", className);
        data.put("module", module);
        data.put("message", message);
        ArrayNode tb = data.putArray("tb");
        traceback.forEach(tb::add);
        data.set("args", args);
        data.set("kwargs", kwargs);
        return Json.write(data);
    }

    public static RemoteFailure fromJsonString(String text) {
        JsonNode data = Json.parse(text);
        if (!data.isObject()) {
            throw new MalformedMessageException("failure must be a JSON object");
        }
        List<String> tb = new ArrayList<>();
        JsonNode tbNode = data.get("tb");
        if (tbNode != null && tbNode.isArray()) {
            tbNode.forEach(line -> tb.add(line.asText()));
        } else if (tbNode != null && tbNode.isTextual()) {
            tb.add(tbNode.textValue());
        }
        JsonNode args = data.get("args");
        JsonNode kwargs = data.get("kwargs");
        return new RemoteFailure(
                Json.textOrNull(data.get("class"), "failure class"),
                Json.textOrNull(data.get("module"), "failure module"),
                data.hasNonNull("message") ? data.get("message").asText() : "",
                tb,
                args instanceof ArrayNode a ? a : null,
                kwargs instanceof ObjectNode k ? k : null);
    }
}
