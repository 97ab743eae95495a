package org.computeworker.worker.keystone;

/**
 * A request that could not be made or was not accepted for reasons of reachability or identity,
 * not of content: the caller keeps its state and tries again later (the next periodic run).
 */
public abstract class ServiceAccessException extends RuntimeException {
    private final String service;
    private final String url;

    protected ServiceAccessException(String service, String url, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.url = url;
    }

    /** The service asked: a service type such as "placement", or "keystone". */
    public String service() {
        return service;
    }

    public String url() {
        return url;
    }
}
