package org.computeworker.worker.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.computeworker.worker.errors.NovaErrors;

/**
 * Reads a Glance v2 image document into an {@link ImageRecord}; a document that does not have
 * Glance's shape is refused as ImageUnacceptable naming the offending field.
 */
public final class ImageRecordJson {
    /** Glance's base schema attributes; every other top-level key is a custom property. */
    static final Set<String> BASE_ATTRIBUTES = Set.of(
            "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo",
            "os_hash_value", "owner", "size", "virtual_size", "container_format", "disk_format",
            "created_at", "updated_at", "tags", "direct_url", "min_ram", "min_disk", "self", "file",
            "stores", "schema", "locations");

    private ImageRecordJson() {
    }

    /** {@code requestedId} names the image in errors even when the document lacks a usable id. */
    public static ImageRecord parse(JsonNode doc, String requestedId) {
        if (doc == null || !doc.isObject()) {
            throw malformed(requestedId, "the image document is not a JSON object");
        }
        Reader r = new Reader(doc, requestedId);
        String id = r.text("id");
        if (id == null) {
            throw malformed(requestedId, "the image document has no id");
        }
        return new ImageRecord(id, r.text("name"), r.text("status"), r.text("disk_format"),
                r.text("container_format"), r.number("size"), r.number("virtual_size"), r.text("checksum"),
                r.text("os_hash_algo"), r.text("os_hash_value"), r.intOrZero("min_disk"), r.intOrZero("min_ram"),
                r.text("visibility"), r.bool("protected"), r.text("owner"), r.text("created_at"),
                r.text("updated_at"), r.textList("tags"), r.text("file"), r.text("direct_url"), r.locations(),
                customProperties(doc));
    }

    private static Map<String, String> customProperties(JsonNode doc) {
        Map<String, String> props = new LinkedHashMap<>();
        doc.properties().forEach(e -> {
            if (!BASE_ATTRIBUTES.contains(e.getKey()) && !e.getValue().isNull()) {
                JsonNode v = e.getValue();
                props.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
        });
        return props;
    }

    static RuntimeException malformed(String imageId, String reason) {
        return NovaErrors.imageUnacceptable(imageId, reason);
    }

    /** Typed access to one document's fields, refusing values of the wrong JSON type. */
    private record Reader(JsonNode doc, String imageId) {
        String text(String field) {
            JsonNode v = doc.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw malformed(imageId, "image field " + field + " must be a string, got " + v.getNodeType());
            }
            return v.textValue();
        }

        Long number(String field) {
            JsonNode v = doc.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw malformed(imageId, "image field " + field + " must be a non-negative integer, got " + v);
            }
            return v.longValue();
        }

        int intOrZero(String field) {
            Long v = number(field);
            if (v != null && v > Integer.MAX_VALUE) {
                throw malformed(imageId, "image field " + field + " is out of range: " + v);
            }
            return v == null ? 0 : v.intValue();
        }

        boolean bool(String field) {
            JsonNode v = doc.get(field);
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                throw malformed(imageId, "image field " + field + " must be a boolean, got " + v);
            }
            return v.booleanValue();
        }

        List<String> textList(String field) {
            List<String> out = new ArrayList<>();
            JsonNode v = doc.get(field);
            if (v == null || v.isNull()) {
                return out;
            }
            if (!v.isArray()) {
                throw malformed(imageId, "image field " + field + " must be a list, got " + v.getNodeType());
            }
            v.forEach(item -> out.add(item.asText()));
            return out;
        }

        List<ImageLocation> locations() {
            List<ImageLocation> out = new ArrayList<>();
            JsonNode v = doc.get("locations");
            if (v == null || v.isNull()) {
                return out;
            }
            if (!v.isArray()) {
                throw malformed(imageId, "image field locations must be a list, got " + v.getNodeType());
            }
            for (JsonNode loc : v) {
                JsonNode url = loc.get("url");
                if (url == null || !url.isTextual()) {
                    throw malformed(imageId, "an image location has no url: " + loc);
                }
                out.add(new ImageLocation(url.textValue(), loc.get("metadata")));
            }
            return out;
        }
    }
}
