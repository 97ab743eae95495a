package org.computeworker.worker.keystone;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/** The service did not answer usefully: refused or broken connection, timeout, TLS failure, or a 5xx. */
public final class ServiceUnavailableException extends ServiceAccessException {
    public ServiceUnavailableException(String service, String url, String reason, Throwable cause) {
        super(service, url, service + " is unavailable at " + url + ": " + reason, cause);
    }

    static ServiceUnavailableException of(String service, String url, IOException cause) {
        return new ServiceUnavailableException(service, url, describe(cause), cause);
    }

    /** The JDK's ConnectException often has no message; its cause says what actually happened. */
    private static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within the timeout (" + e.getMessage() + ")";
        }
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            text.append(": ").append(e.getMessage());
        } else if (e instanceof ConnectException) {
            text.append(": cannot connect");
        }
        if (e.getCause() != null && e.getCause() != e) {
            text.append(" (").append(e.getCause()).append(")");
        }
        return text.toString();
    }
}
