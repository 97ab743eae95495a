package org.computeworker.worker.image.backend.rbd;

import java.util.Locale;
import java.util.Map;

/**
 * The features new images get: the client's {@code rbd_default_features}, as nova's clone and {@code rbd import}
 * use, always with layering (without it nothing could be cloned from or flattened).
 */
final class RbdFeatures {
    static final long LAYERING = 1L;
    private static final Map<String, Long> NAMES = Map.of("layering", 1L, "striping", 2L, "exclusive-lock", 4L,
            "object-map", 8L, "fast-diff", 16L, "deep-flatten", 32L, "journaling", 64L, "data-pool", 128L);

    private RbdFeatures() {
    }

    static long forNewImages(CephCluster cluster) {
        String configured = cluster.onClient("read rbd_default_features", r -> r.confGet("rbd_default_features"));
        return parse(configured) | LAYERING;
    }

    /** A number or a comma-separated list of feature names (both are valid in ceph.conf); unknown means layering. */
    static long parse(String value) {
        if (value == null || value.isBlank()) {
            return LAYERING;
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        long features = 0;
        for (String name : v.split("[,\\s]+")) {
            features |= NAMES.getOrDefault(name.toLowerCase(Locale.ROOT), 0L);
        }
        return features;
    }
}
