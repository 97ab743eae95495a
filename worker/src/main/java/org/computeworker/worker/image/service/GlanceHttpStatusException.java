package org.computeworker.worker.image.service;

/** A Glance answer that retrying cannot fix (4xx and other non-success codes), for the caller to translate. */
final class GlanceHttpStatusException extends RuntimeException {
    private final String server;
    private final int status;
    private final String body;

    GlanceHttpStatusException(String server, int status, String body) {
        super("HTTP " + status + " from " + server + ": " + body);
        this.server = server;
        this.status = status;
        this.body = body;
    }

    String server() {
        return server;
    }

    int status() {
        return status;
    }

    String body() {
        return body;
    }
}
