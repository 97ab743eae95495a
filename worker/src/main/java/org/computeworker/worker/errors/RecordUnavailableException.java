package org.computeworker.worker.errors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;

/**
 * nova's record could not be reached: nova-conductor did not answer (oslo's MessagingTimeout) or
 * the broker refused the call. The operation did not complete; what it already did stays as it was.
 */
public final class RecordUnavailableException extends RuntimeException implements WireError {
    public RecordUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String pythonModule() {
        return "oslo_messaging.exceptions";
    }

    @Override
    public String pythonClass() {
        return "MessagingTimeout";
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
