package org.computeworker.imageserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;

/** Reading requests and writing answers the way glance-api does, JSON errors included. */
final class HttpExchanges {
    private static final int JSON_BODY_LIMIT = 1 << 20;
    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad Request", 403, "Forbidden", 404, "Not Found", 405, "Method Not Allowed",
            409, "Conflict", 410, "Gone", 413, "Request Entity Too Large", 500, "Internal Server Error");

    private HttpExchanges() {
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.writeBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** An error in the form glance-api would give this client (see {@link ErrorBodies}). */
    static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        ErrorBodies.Body body = ErrorBodies.render(exchange.getRequestHeaders().getFirst("Accept"), status,
                TITLES.getOrDefault(status, "Error"), message);
        exchange.getResponseHeaders().set("Content-Type", body.contentType() + "; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.bytes().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body.bytes());
        }
    }

    /** The request body as a JSON object, or a 400 naming what is wrong with it. */
    static ObjectNode readJsonObject(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(JSON_BODY_LIMIT + 1);
        }
        if (bytes.length > JSON_BODY_LIMIT) {
            throw new GlanceHttpError(413, "Request body larger than " + JSON_BODY_LIMIT + " bytes");
        }
        JsonNode node;
        try {
            node = bytes.length == 0 ? Json.object() : Json.parse(bytes);
        } catch (MalformedMessageException e) {
            throw GlanceHttpError.badRequest("Malformed JSON in request body: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw GlanceHttpError.badRequest("Request body must be a JSON object");
        }
        return (ObjectNode) node;
    }
}
