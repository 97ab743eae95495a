package org.computeworker.worker.errors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An exception that knows the Python exception it stands for on the wire. */
public interface WireError {
    String pythonModule();

    String pythonClass();

    ArrayNode wireArgs();

    ObjectNode wireKwargs();
}
