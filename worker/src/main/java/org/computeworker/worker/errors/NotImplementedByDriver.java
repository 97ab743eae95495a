package org.computeworker.worker.errors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;

/**
 * The driver has no such feature: Python's NotImplementedError on the wire, which nova's callers
 * expect from drivers that lack one (the API then shows the field as unknown).
 */
public final class NotImplementedByDriver extends UnsupportedOperationException implements WireError {
    public NotImplementedByDriver(String what) {
        super(what);
    }

    @Override
    public String pythonModule() {
        return "builtins";
    }

    @Override
    public String pythonClass() {
        return "NotImplementedError";
    }

    @Override
    public ArrayNode wireArgs() {
        ArrayNode args = Json.array();
        args.add(getMessage());
        return args;
    }

    @Override
    public ObjectNode wireKwargs() {
        return Json.object();
    }
}
