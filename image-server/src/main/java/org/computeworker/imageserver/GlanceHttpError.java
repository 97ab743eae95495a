package org.computeworker.imageserver;

/** A request the server refuses, carried to the router which answers it in Glance's error format. */
final class GlanceHttpError extends RuntimeException {
    private final int status;

    GlanceHttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static GlanceHttpError badRequest(String message) {
        return new GlanceHttpError(400, message);
    }

    static GlanceHttpError forbidden(String message) {
        return new GlanceHttpError(403, message);
    }

    static GlanceHttpError notFound(String message) {
        return new GlanceHttpError(404, message);
    }

    static GlanceHttpError conflict(String message) {
        return new GlanceHttpError(409, message);
    }

    static GlanceHttpError noImage(String imageId) {
        return notFound("No image found with ID " + imageId);
    }
}
