package org.computeworker.worker.keystone;

/**
 * Credentials or a token were refused: Keystone did not issue a token, or a service answered 401
 * even to a freshly issued one. Retrying the same credentials will not help until someone fixes them.
 */
public final class AuthFailureException extends ServiceAccessException {
    private final int status;

    public AuthFailureException(String service, String url, int status, String detail) {
        super(service, url, service + " at " + url + " refused the credentials: HTTP " + status
                + (detail == null || detail.isBlank() ? "" : ": " + detail), null);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
