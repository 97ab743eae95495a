package org.computeworker.imageserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.computeworker.messages.Json;

/**
 * The documents a Glance client reads besides images: the version list at {@code /} and
 * {@code /versions}, and the image schemas python-glanceclient builds its image model from.
 */
final class DiscoveryHandler implements HttpHandler {
    private static final String API_VERSION = "v2.9";
    private static final JsonNode IMAGE_SCHEMA = loadImageSchema();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                HttpExchanges.sendError(exchange, 405, "The method " + exchange.getRequestMethod()
                        + " is not allowed for this resource.");
            } else if (path.equals("/") || path.equals("/versions") || path.equals("/v2") || path.equals("/v2/")) {
                HttpExchanges.sendJson(exchange, path.startsWith("/v2") ? 200 : 300, versions(exchange));
            } else if (path.equals("/v2/schemas/image")) {
                HttpExchanges.sendJson(exchange, 200, IMAGE_SCHEMA);
            } else if (path.equals("/v2/schemas/images")) {
                HttpExchanges.sendJson(exchange, 200, imagesSchema());
            } else {
                HttpExchanges.sendError(exchange, 404, "The resource could not be found.");
            }
        }
    }

    private static ObjectNode versions(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        String base = "http://" + (host != null ? host : exchange.getLocalAddress().getHostString() + ":"
                + exchange.getLocalAddress().getPort());
        ObjectNode body = Json.object();
        ObjectNode version = body.putArray("versions").addObject();
        version.put("id", API_VERSION);
        version.put("status", "CURRENT");
        ObjectNode link = version.putArray("links").addObject();
        link.put("rel", "self");
        link.put("href", base + "/v2/");
        return body;
    }

    private static ObjectNode imagesSchema() {
        ObjectNode schema = Json.object();
        schema.put("name", "images");
        ObjectNode props = schema.putObject("properties");
        ObjectNode images = props.putObject("images");
        images.put("type", "array");
        images.set("items", IMAGE_SCHEMA);
        props.putObject("schema").put("type", "string");
        props.putObject("first").put("type", "string");
        props.putObject("next").put("type", "string");
        return schema;
    }

    private static JsonNode loadImageSchema() {
        try (InputStream in = DiscoveryHandler.class.getResourceAsStream("image-schema.json")) {
            if (in == null) {
                throw new IllegalStateException("image-schema.json is missing from the jar");
            }
            return Json.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
