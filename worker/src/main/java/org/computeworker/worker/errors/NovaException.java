package org.computeworker.worker.errors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.computeworker.messages.Json;

/**
 * A nova exception: it crosses the wire as {@code nova.exception.<Name>} with nova's message and
 * kwargs (including {@code code}), so a Python caller re-raises it as {@code <Name>_Remote}.
 * Subclasses name themselves after nova's class and format the message from the same kwargs.
 */
public class NovaException extends RuntimeException implements WireError {
    public static final String MODULE = "nova.exception";

    private final String pythonClass;
    private final int code;
    private final Map<String, Object> kwargs;

    public NovaException(String pythonClass, int code, String message, Map<String, ?> kwargs) {
        this(pythonClass, code, message, kwargs, null);
    }

    public NovaException(String pythonClass, int code, String message, Map<String, ?> kwargs, Throwable cause) {
        super(message, cause);
        this.pythonClass = pythonClass;
        this.code = code;
        this.kwargs = new LinkedHashMap<>(kwargs == null ? Map.of() : kwargs);
        this.kwargs.putIfAbsent("code", code);
    }

    /** One of nova's classes, with nova's code for it. */
    public NovaException(NovaError error, String message, Map<String, ?> kwargs) {
        this(error.pythonClass(), error.code(), message, kwargs, null);
    }

    public NovaException(NovaError error, String message, Map<String, ?> kwargs, Throwable cause) {
        this(error.pythonClass(), error.code(), message, kwargs, cause);
    }

    /** nova's base NovaException with a free message (code 500). */
    public NovaException(String message) {
        this("NovaException", 500, message, Map.of());
    }

    public static Map<String, Object> kw(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Override
    public String pythonModule() {
        return MODULE;
    }

    @Override
    public String pythonClass() {
        return pythonClass;
    }

    /** Whether this is nova's {@code error} (raised here or by nova-conductor). */
    public boolean is(NovaError error) {
        return pythonClass.equals(error.pythonClass());
    }

    public int code() {
        return code;
    }

    @Override
    public ArrayNode wireArgs() {
        ArrayNode args = Json.array();
        args.add(getMessage());
        return args;
    }

    @Override
    public ObjectNode wireKwargs() {
        return Json.MAPPER.valueToTree(kwargs);
    }

    public Map<String, Object> kwargs() {
        return Map.copyOf(kwargs);
    }
}
