package org.computeworker.worker.image.backend;

import java.util.List;
import org.computeworker.messages.rpc.RequestContext;

/**
 * One disk of one instance, as nova's {@code imagebackend.Image}: named {@code disk},
 * {@code disk.local}, {@code disk.swap} or {@code disk.config}, created from a cached template.
 */
public interface InstanceDisk {
    String name();

    DiskSource source();

    boolean exists();

    /**
     * nova's {@code Image.cache}: makes sure the template {@code cacheFilename} is in the image
     * cache (fetched at most once, under a lock held across threads and processes), then creates
     * this disk from it when the disk does not exist yet, at {@code sizeBytes} (0 = template size).
     * A backend whose existing disks never need their template (RBD, as nova's {@code Rbd.create_image})
     * fetches nothing for an existing disk and only grows it to {@code sizeBytes}: that keeps a cloned root
     * disk from being downloaded anyway.
     */
    void cache(TemplateFetcher fetcher, String cacheFilename, long sizeBytes);

    /** Grows the disk to {@code sizeBytes}; never shrinks (ResizeError). */
    void resize(long sizeBytes);

    /** The guest-visible size in bytes. */
    long virtualSize();

    /** Makes the disk self-contained (a qcow2 overlay loses its backing file; an RBD clone its parent). */
    void flatten();

    /** Removes the disk (files or RBD image); a missing disk is not an error. */
    void remove();

    /** True when every host sees the same disk (RBD): a resize then moves nothing. */
    boolean isSharedBlockStorage();

    /**
     * nova's {@code Image.clone}: creates the disk directly from one of the image's locations
     * without downloading it. Backends that cannot, or locations they cannot use, raise
     * ImageUnacceptable, and the caller falls back to {@link #cache}.
     */
    default void cloneFrom(RequestContext context, String imageId, String diskFormat, List<String> locations) {
        throw org.computeworker.worker.errors.NovaErrors.imageUnacceptable(imageId,
                "the " + getClass().getSimpleName() + " backend cannot clone images");
    }

    /**
     * False when a failed {@link #cloneFrom} must not fall back to downloading the image (nova's
     * {@code [workarounds] never_download_image_if_on_rbd}): the clone's own reason is then the spawn's error.
     */
    default boolean mayDownloadImageWhenCloneFails() {
        return true;
    }
}
