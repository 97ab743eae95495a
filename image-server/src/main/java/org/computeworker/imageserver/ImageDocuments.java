package org.computeworker.imageserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.computeworker.messages.Json;

/**
 * The image document: a new one built and checked from a create request as glance-api checks
 * it, and the stored one turned into what {@code GET /v2/images/{id}} shows.
 */
final class ImageDocuments {
    static final Set<String> DISK_FORMATS = Set.of(
            "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop");
    static final Set<String> CONTAINER_FORMATS = Set.of(
            "ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed");
    static final Set<String> VISIBILITIES = Set.of("public", "private", "shared", "community");
    /** Attributes only the server sets; a create request naming one is refused with 403, as glance does. */
    static final Set<String> READ_ONLY = Set.of(
            "status", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "created_at",
            "updated_at", "direct_url", "self", "file", "schema", "locations", "stores");
    /**
     * Stored only for bytes kept outside the data directory (rbd); for the local data file a
     * file:// location is derived when shown, so a moved directory stays consistent.
     */
    static final String LOCATIONS = "locations";

    private ImageDocuments() {
    }

    /** A queued image from a {@code POST /v2/images} body; custom properties must be strings. */
    static ObjectNode newImage(ObjectNode request, Clock clock) {
        for (String field : READ_ONLY) {
            if (request.has(field)) {
                throw GlanceHttpError.forbidden("Attribute '" + field + "' is read-only.");
            }
        }
        String now = timestamp(clock);
        ObjectNode doc = Json.object();
        doc.put("id", request.has("id") ? uuid(request.get("id")) : UUID.randomUUID().toString());
        doc.set("name", optionalText(request, "name", 255));
        doc.put("status", "queued");
        doc.put("visibility", choice(request, "visibility", VISIBILITIES, "shared"));
        doc.put("protected", bool(request, "protected"));
        doc.put("os_hidden", bool(request, "os_hidden"));
        doc.putNull("checksum");
        doc.putNull("os_hash_algo");
        doc.putNull("os_hash_value");
        doc.set("owner", optionalText(request, "owner", 255));
        doc.putNull("size");
        doc.putNull("virtual_size");
        putNullable(doc, "container_format", choice(request, "container_format", CONTAINER_FORMATS, null));
        putNullable(doc, "disk_format", choice(request, "disk_format", DISK_FORMATS, null));
        doc.put("created_at", now);
        doc.put("updated_at", now);
        doc.set("tags", tags(request));
        doc.put("min_ram", nonNegative(request, "min_ram"));
        doc.put("min_disk", nonNegative(request, "min_disk"));
        for (Map.Entry<String, JsonNode> field : request.properties()) {
            if (!doc.has(field.getKey())) {
                if (!field.getValue().isTextual()) {
                    throw GlanceHttpError.badRequest("Property '" + field.getKey() + "' must be a string, got "
                            + field.getValue().getNodeType());
                }
                doc.set(field.getKey(), field.getValue());
            }
        }
        return doc;
    }

    /**
     * What the API shows: the stored document plus self/file/schema, and the store locations
     * only when the server is configured to reveal them (show_image_direct_url,
     * show_multiple_locations), as glance-api does.
     *
     * @param locations the image's effective locations ({@link ImageStore#effectiveLocations})
     */
    static ObjectNode render(ObjectNode stored, JsonNode locations, ImageServerOptions options) {
        ObjectNode shown = stored.deepCopy();
        shown.remove(LOCATIONS);
        String id = stored.path("id").asText();
        boolean hasLocations = locations != null && locations.isArray() && locations.size() > 0;
        if (options.showDirectUrl() && hasLocations) {
            shown.set("direct_url", locations.get(0).get("url"));
        }
        if (options.showMultipleLocations()) {
            shown.set(LOCATIONS, hasLocations ? locations.deepCopy() : Json.array());
        }
        shown.put("self", "/v2/images/" + id);
        shown.put("file", "/v2/images/" + id + "/file");
        shown.put("schema", "/v2/schemas/image");
        return shown;
    }

    private static void putNullable(ObjectNode doc, String field, String value) {
        if (value == null) {
            doc.putNull(field);
        } else {
            doc.put(field, value);
        }
    }

    static String timestamp(Clock clock) {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String uuid(JsonNode value) {
        if (!value.isTextual() || !isUuid(value.textValue())) {
            throw GlanceHttpError.badRequest("id " + value + " is not a valid UUID");
        }
        return value.textValue().toLowerCase(Locale.ROOT);
    }

    private static JsonNode optionalText(ObjectNode request, String field, int maxLength) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return Json.NODES.nullNode();
        }
        if (!v.isTextual() || v.textValue().length() > maxLength) {
            throw GlanceHttpError.badRequest(field + " must be a string of at most " + maxLength + " characters");
        }
        return v;
    }

    private static String choice(ObjectNode request, String field, Set<String> allowed, String fallback) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual() || !allowed.contains(v.textValue())) {
            throw GlanceHttpError.badRequest("Invalid value " + v + " for " + field + ", expected one of "
                    + new TreeSet<>(allowed));
        }
        return v.textValue();
    }

    private static boolean bool(ObjectNode request, String field) {
        JsonNode v = request.get(field);
        if (v != null && !v.isNull() && !v.isBoolean()) {
            throw GlanceHttpError.badRequest(field + " must be a boolean, got " + v);
        }
        return v != null && v.asBoolean(false);
    }

    private static int nonNegative(ObjectNode request, String field) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
            throw GlanceHttpError.badRequest(field + " must be a non-negative integer, got " + v);
        }
        return v.intValue();
    }

    private static JsonNode tags(ObjectNode request) {
        JsonNode v = request.get("tags");
        if (v == null || v.isNull()) {
            return Json.array();
        }
        if (!v.isArray()) {
            throw GlanceHttpError.badRequest("tags must be a list of strings");
        }
        for (JsonNode tag : v) {
            if (!tag.isTextual()) {
                throw GlanceHttpError.badRequest("tags must be a list of strings, got " + tag);
            }
        }
        return v.deepCopy();
    }
}
