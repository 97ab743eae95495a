package org.computeworker.worker.image.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image as Glance v2 shows it: the base attributes, the custom properties that Glance
 * flattens at the top level gathered into {@code properties}, and the store locations when
 * the server reveals them ({@code direct_url}, {@code locations}).
 */
public record ImageRecord(
        String id,
        String name,
        String status,
        String diskFormat,
        String containerFormat,
        Long size,
        Long virtualSize,
        String checksum,
        String osHashAlgo,
        String osHashValue,
        int minDisk,
        int minRam,
        String visibility,
        boolean isProtected,
        String owner,
        String createdAt,
        String updatedAt,
        List<String> tags,
        String file,
        String directUrl,
        List<ImageLocation> locations,
        Map<String, String> properties) {

    public ImageRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
        locations = locations == null ? List.of() : List.copyOf(locations);
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public boolean isActive() {
        return "active".equals(status);
    }

    public boolean isPublic() {
        return "public".equalsIgnoreCase(visibility);
    }

    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /**
     * Every location a direct transfer may use, as nova's show(include_locations=True) lists
     * them: {@code locations} first, then {@code direct_url} when it is not already among them.
     */
    public List<ImageLocation> allLocations() {
        if (directUrl == null || locations.stream().anyMatch(l -> l.url().equals(directUrl))) {
            return locations;
        }
        List<ImageLocation> all = new ArrayList<>(locations);
        all.add(new ImageLocation(directUrl, null));
        return List.copyOf(all);
    }
}
