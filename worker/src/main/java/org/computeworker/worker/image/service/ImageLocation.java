package org.computeworker.worker.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.computeworker.messages.Json;

/** One entry of Glance's {@code locations}: where a store keeps the bytes, e.g. {@code rbd://fsid/pool/id/snap}. */
public record ImageLocation(String url, JsonNode metadata) {
    public ImageLocation {
        Objects.requireNonNull(url, "url");
        metadata = metadata == null || metadata.isNull() ? Json.object() : metadata.deepCopy();
    }

    /** The URL scheme (rbd, file, http...), lower case, or "" when the URL has none. */
    public String scheme() {
        int colon = url.indexOf(':');
        return colon <= 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    public URI uri() {
        return URI.create(url);
    }
}
