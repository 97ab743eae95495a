package org.computeworker.worker.errors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;

/** An exception that knows the Python exception it stands for on the wire. */
public interface WireError {
    String pythonModule();

    String pythonClass();

    /** The exception's message (every Throwable has one). */
    String getMessage();

    /** The exception's args: its message, as most Python exceptions carry it. */
    default ArrayNode wireArgs() {
        ArrayNode args = Json.array();
        args.add(getMessage());
        return args;
    }

    /** The exception's kwargs: none unless it is a nova exception. */
    default ObjectNode wireKwargs() {
        return Json.object();
    }
}
