package org.computeworker.worker.image.backend.rbd;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How root disks were made ({@code compute_worker.image.root_disk{path=clone|download}}): a rising download share
 * means images are not in this cluster (wrong Glance store, non-raw images), each one costing a full copy.
 */
final class RootDiskMetrics {
    private final Counter cloned;
    private final Counter downloaded;

    RootDiskMetrics(MeterRegistry registry) {
        cloned = registry == null ? null : counter(registry, "clone");
        downloaded = registry == null ? null : counter(registry, "download");
    }

    void cloned() {
        if (cloned != null) {
            cloned.increment();
        }
    }

    void downloaded() {
        if (downloaded != null) {
            downloaded.increment();
        }
    }

    private static Counter counter(MeterRegistry registry, String path) {
        return Counter.builder("compute_worker.image.root_disk").tag("path", path)
                .description("Root disks made in Ceph: cloned from the image's snapshot, or downloaded and imported")
                .register(registry);
    }
}
