package org.computeworker.worker.state;

/** The local state store failed (disk full, corrupt file): the worker cannot safely go on. */
public class StateException extends RuntimeException {
    public StateException(String message, Throwable cause) {
        super(message, cause);
    }

    public StateException(String message) {
        super(message);
    }
}
