package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.computeworker.messages.MalformedMessageException;

/**
 * nova.objects.ImageMeta, or the legacy image dict that ComputeAPI sends as {@code image}
 * ({@code obj_to_primitive}: a plain dict with a {@code properties} dict). Both read the same.
 */
public final class ImageMeta {
    public static final String OBJ_NAME = "ImageMeta";

    private final ObjectNode raw;
    private final ObjectNode fields;

    private ImageMeta(ObjectNode raw) {
        this.raw = raw;
        this.fields = NovaObject.isPrimitive(raw) ? NovaObject.of(raw).data() : raw;
    }

    public static ImageMeta from(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new MalformedMessageException("image must be an object, got " + node.getNodeType());
        }
        if (NovaObject.isPrimitive(node)) {
            NovaObject.checkPrimitive(node, OBJ_NAME);
        }
        return new ImageMeta((ObjectNode) node);
    }

    /** What goes back on the wire: the primitive or dict exactly as it arrived. */
    public ObjectNode toPrimitive() {
        return raw;
    }

    public boolean isVersionedObject() {
        return NovaObject.isPrimitive(raw);
    }

    public String id() {
        return text("id");
    }

    public String name() {
        return text("name");
    }

    public String diskFormat() {
        return text("disk_format");
    }

    public String containerFormat() {
        return text("container_format");
    }

    public String checksum() {
        return text("checksum");
    }

    public Long size() {
        JsonNode v = fields.get("size");
        return v == null || v.isNull() ? null : v.asLong();
    }

    public Long virtualSize() {
        JsonNode v = fields.get("virtual_size");
        return v == null || v.isNull() ? null : v.asLong();
    }

    public int minDisk() {
        return fields.path("min_disk").asInt(0);
    }

    public int minRam() {
        return fields.path("min_ram").asInt(0);
    }

    /** Image properties (hw_*, os_*), from ImageMetaProps data or the legacy properties dict. */
    public Map<String, String> properties() {
        Map<String, String> props = new LinkedHashMap<>();
        JsonNode p = fields.get("properties");
        if (NovaObject.isPrimitive(p)) {
            p = p.get(NovaObject.DATA);
        }
        if (p != null && p.isObject()) {
            p.fields().forEachRemaining(e -> props.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        }
        return props;
    }

    private String text(String field) {
        JsonNode v = fields.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
