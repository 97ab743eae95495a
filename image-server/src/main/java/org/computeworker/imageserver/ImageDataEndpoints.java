package org.computeworker.imageserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code GET} and {@code PUT /v2/images/{id}/file}: the bytes stream from and to disk, never
 * whole in memory; an upload moves the image queued → saving → active, or back to queued if it fails.
 */
final class ImageDataEndpoints {
    private final ImageStore store;
    private final ImageServerOptions options;

    ImageDataEndpoints(ImageStore store, ImageServerOptions options) {
        this.store = store;
        this.options = options;
    }

    void download(HttpExchange exchange, String id) throws IOException {
        ObjectNode doc = store.get(id);
        Path data = store.dataPath(id);
        if (!"active".equals(doc.path("status").asText()) || !Files.isRegularFile(data)) {
            HttpExchanges.sendEmpty(exchange, 204);
            return;
        }
        try (InputStream in = Files.newInputStream(data)) {
            long size = Files.size(data);
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            String checksum = doc.path("checksum").asText(null);
            if (checksum != null) {
                exchange.getResponseHeaders().set("Content-MD5", checksum);
            }
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }

    void upload(HttpExchange exchange, String id) throws IOException {
        ObjectNode queued = markSaving(id);
        IngestedData ingested = null;
        boolean activated = false;
        try (InputStream body = exchange.getRequestBody()) {
            ingested = DataIngest.receive(body, store.dir(), options.imageSizeCap());
            synchronized (store.lockFor(id)) {
                if (store.find(id).isEmpty()) {
                    throw new GlanceHttpError(410, "Image " + id + " could not be found after upload. "
                            + "The image may have been deleted during the upload.");
                }
                store.activate(queued, ingested);
                activated = true;
            }
        } finally {
            if (ingested != null) {
                Files.deleteIfExists(ingested.staging());
            }
            if (!activated) {
                revertToQueued(id);
            }
        }
        HttpExchanges.sendEmpty(exchange, 204);
    }

    /** Claims the image for one upload; a second concurrent or later upload gets 409. */
    private ObjectNode markSaving(String id) throws IOException {
        synchronized (store.lockFor(id)) {
            ObjectNode doc = store.get(id);
            String status = doc.path("status").asText();
            if (!"queued".equals(status)) {
                throw GlanceHttpError.conflict("Image status transition from " + status
                        + " to saving is not allowed");
            }
            ObjectNode saving = doc.deepCopy();
            saving.put("status", "saving");
            store.save(saving);
            return doc;
        }
    }

    private void revertToQueued(String id) throws IOException {
        synchronized (store.lockFor(id)) {
            var doc = store.find(id);
            if (doc.isPresent() && "saving".equals(doc.get().path("status").asText())) {
                doc.get().put("status", "queued");
                store.save(doc.get());
            }
        }
    }
}
