package org.computeworker.imageserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.computeworker.messages.Json;

/**
 * Routes {@code /v2/images}, {@code /v2/images/{id}} and {@code /v2/images/{id}/file} and serves
 * the record operations; any X-Auth-Token is accepted, since there is no keystone to ask.
 */
final class ImagesHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(ImagesHandler.class.getName());
    private static final Pattern ROUTE = Pattern.compile("^/v2/images(?:/([^/]+)(/file)?)?/?$");

    private final ImageStore store;
    private final ImageServerOptions options;
    private final ImageDataEndpoints data;

    ImagesHandler(ImageStore store, ImageServerOptions options) {
        this.store = store;
        this.options = options;
        this.data = new ImageDataEndpoints(store, options);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (GlanceHttpError e) {
                HttpExchanges.sendError(exchange, e.status(), e.getMessage());
            } catch (IOException e) {
                if (exchange.getResponseCode() != -1) {
                    // The answer had started: the client went away mid-transfer, e.g. a download it refused.
                    LOG.log(System.Logger.Level.INFO, exchange.getRequestMethod() + " " + exchange.getRequestURI()
                            + " ended early: " + e);
                } else {
                    failed(exchange, e);
                }
            } catch (RuntimeException e) {
                failed(exchange, e);
            }
        }
    }

    private static void failed(HttpExchange exchange, Exception e) throws IOException {
        LOG.log(System.Logger.Level.ERROR, exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
        if (exchange.getResponseCode() == -1) {
            HttpExchanges.sendError(exchange, 500, "Internal error: " + e);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        Matcher m = ROUTE.matcher(exchange.getRequestURI().getPath());
        if (!m.matches()) {
            throw GlanceHttpError.notFound("The resource could not be found.");
        }
        String id = m.group(1);
        boolean file = m.group(2) != null;
        String method = exchange.getRequestMethod();
        if (id == null) {
            switch (method) {
                case "GET" -> list(exchange);
                case "POST" -> create(exchange);
                default -> throw notAllowed(exchange, "GET, POST");
            }
        } else if (file) {
            switch (method) {
                case "GET" -> data.download(exchange, id);
                case "PUT" -> data.upload(exchange, id);
                default -> throw notAllowed(exchange, "GET, PUT");
            }
        } else {
            switch (method) {
                case "GET" -> show(exchange, id);
                case "DELETE" -> delete(exchange, id);
                default -> throw notAllowed(exchange, "GET, DELETE");
            }
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        ObjectNode body = Json.object();
        ArrayNode images = body.putArray("images");
        for (ObjectNode doc : store.list()) {
            images.add(ImageDocuments.render(doc, store.effectiveLocations(doc), options));
        }
        body.put("first", "/v2/images");
        body.put("schema", "/v2/schemas/images");
        HttpExchanges.sendJson(exchange, 200, body);
    }

    private void show(HttpExchange exchange, String id) throws IOException {
        ObjectNode doc = store.get(id);
        HttpExchanges.sendJson(exchange, 200, ImageDocuments.render(doc, store.effectiveLocations(doc), options));
    }

    private void create(HttpExchange exchange) throws IOException {
        ObjectNode doc = ImageDocuments.newImage(HttpExchanges.readJsonObject(exchange), store.clock());
        store.create(doc);
        exchange.getResponseHeaders().set("Location", "/v2/images/" + doc.get("id").asText());
        HttpExchanges.sendJson(exchange, 201, ImageDocuments.render(doc, Json.array(), options));
    }

    private void delete(HttpExchange exchange, String id) throws IOException {
        synchronized (store.lockFor(id)) {
            ObjectNode doc = store.get(id);
            if (doc.path("protected").asBoolean(false)) {
                throw GlanceHttpError.forbidden("Image " + id + " is protected and cannot be deleted.");
            }
            store.delete(id);
            for (var location : doc.path(ImageDocuments.LOCATIONS)) {
                LOG.log(System.Logger.Level.WARNING, "image " + id + " deleted; its copy at "
                        + location.path("url").asText() + " is left for the operator to remove");
            }
        }
        HttpExchanges.sendEmpty(exchange, 204);
    }

    private static GlanceHttpError notAllowed(HttpExchange exchange, String allowed) {
        exchange.getResponseHeaders().set("Allow", allowed);
        return new GlanceHttpError(405, "The method " + exchange.getRequestMethod()
                + " is not allowed for this resource.");
    }
}
