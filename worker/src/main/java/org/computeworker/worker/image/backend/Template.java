package org.computeworker.worker.image.backend;

/**
 * One disk's recipe for {@link InstanceDisk#cache}: the cache template to create it from, how to write that template
 * when the cache lacks it, and the disk's size in bytes (0 = the template's own size).
 */
public record Template(String cacheName, TemplateFetcher fetcher, long sizeBytes) {
    public Template {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("disk size must be >= 0, got " + sizeBytes);
        }
    }

    /** Creates {@code disk} from this template (or just makes sure the template is cached, if the disk exists). */
    public void applyTo(InstanceDisk disk) {
        disk.cache(fetcher, cacheName, sizeBytes);
    }
}
