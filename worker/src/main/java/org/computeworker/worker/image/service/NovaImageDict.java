package org.computeworker.worker.image.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.ImageMeta;

/**
 * An image record in the shape nova's glance API returns from show() ({@code _translate_from_glance}):
 * base attributes at the top, custom ones under {@code properties}, visibility as {@code is_public},
 * so it can become an {@link ImageMeta} as nova's {@code ImageMeta.from_dict} makes one.
 */
public final class NovaImageDict {
    private NovaImageDict() {
    }

    public static ObjectNode of(ImageRecord image, boolean includeLocations) {
        ObjectNode dict = Json.object();
        ObjectNode props = dict.putObject("properties");
        image.properties().forEach(props::put);
        dict.put("deleted", false);
        dict.putNull("deleted_at");
        dict.put("disk_format", image.diskFormat());
        dict.put("container_format", image.containerFormat());
        dict.put("name", image.name());
        dict.put("checksum", image.checksum());
        dict.put("id", image.id());
        dict.put("status", image.status());
        dict.put("is_public", image.isPublic());
        dict.put("os_hash_algo", image.osHashAlgo());
        dict.put("os_hash_value", image.osHashValue());
        dict.put("owner", image.owner());
        // nova: "'size' attribute must not be 'None', so use 0 instead"
        dict.put("size", image.size() == null ? 0L : image.size());
        dict.put("created_at", image.createdAt());
        dict.put("updated_at", image.updatedAt());
        dict.put("min_ram", image.minRam());
        dict.put("min_disk", image.minDisk());
        if (includeLocations) {
            dict.put("direct_url", image.directUrl());
            ArrayNode locations = dict.putArray("locations");
            for (ImageLocation location : image.allLocations()) {
                ObjectNode entry = locations.addObject();
                entry.put("url", location.url());
                entry.set("metadata", location.metadata());
            }
        }
        return dict;
    }

    public static ImageMeta toImageMeta(ImageRecord image) {
        return ImageMeta.from(of(image, false));
    }
}
