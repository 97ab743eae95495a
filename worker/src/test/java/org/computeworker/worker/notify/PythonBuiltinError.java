package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;
import org.computeworker.worker.errors.WireError;

/** An exception that stands for a Python builtin one (ValueError, KeyError, ...) with one argument. */
final class PythonBuiltinError extends RuntimeException implements WireError {
    private final String pythonClass;

    PythonBuiltinError(String pythonClass, String message) {
        super(message);
        this.pythonClass = pythonClass;
    }

    @Override
    public String pythonModule() {
        return "builtins";
    }

    @Override
    public String pythonClass() {
        return pythonClass;
    }

    @Override
    public ArrayNode wireArgs() {
        return Json.array().add(getMessage());
    }

    @Override
    public ObjectNode wireKwargs() {
        return Json.object();
    }
}
