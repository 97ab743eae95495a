package org.computeworker.worker.errors;

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
}
