package org.computeworker.imageserver;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the import command adds: a local file and the image attributes to give it. {@code id}
 * may be null for a fresh UUID; {@code visibility} defaults to public, which suits demo images.
 */
public record ImportRequest(Path file, String diskFormat, String containerFormat, String name, String id,
                            String visibility, int minDisk, int minRam, Map<String, String> properties) {
    public ImportRequest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(diskFormat, "disk format");
        containerFormat = containerFormat == null ? "bare" : containerFormat;
        visibility = visibility == null ? "public" : visibility;
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static ImportRequest of(Path file, String diskFormat, String name) {
        return new ImportRequest(file, diskFormat, null, name, null, null, 0, 0, Map.of());
    }

    public ImportRequest withId(String imageId) {
        return new ImportRequest(file, diskFormat, containerFormat, name, imageId, visibility, minDisk, minRam,
                properties);
    }

    public ImportRequest withProperties(Map<String, String> props) {
        return new ImportRequest(file, diskFormat, containerFormat, name, id, visibility, minDisk, minRam, props);
    }
}
