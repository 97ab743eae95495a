package org.computeworker.messages;

/** A message that cannot be understood: not JSON, a wrong envelope, a missing or mistyped field. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String reason) {
        super(reason);
    }
}
