package org.computeworker.worker.image.backend;

import java.util.List;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.service.ImageLocation;
import org.computeworker.worker.image.service.ImageRecord;
import org.computeworker.worker.image.service.ImageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root disk of an image-booted instance the way nova's {@code _create_image} makes it
 * ({@code clone_fallback_to_fetch}): on a backend that shares block storage with the image service (RBD) the image
 * is cloned in place; otherwise, or when the clone is unacceptable, the cached template is applied (downloaded once
 * per host), unless the disk forbids that ({@code never_download_image_if_on_rbd}). Either way the disk ends up at
 * the flavor's size.
 */
public final class RootDiskPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(RootDiskPreparer.class);

    /** How the disk came to be. */
    public enum Outcome { CLONED, DOWNLOADED, EXISTED }

    private final ImageService images;

    public RootDiskPreparer(ImageService images) {
        this.images = images;
    }

    /**
     * @param template the root template ({@code DiskTemplates.root}): what to download when there is no clone, and
     *                 the flavor's size the disk is grown to either way
     * @throws NovaException ImageUnacceptable (the clone's reason) when the disk refuses the download; whatever
     *                       the image service, the fetch or the clone raise otherwise
     */
    public Outcome prepare(RequestContext context, InstanceDisk disk, String imageId, Template template) {
        if (disk.exists()) {
            // A rebuild, restart or finish_migration: nothing to fetch, but nova relies on this to bring back a
            // missing backing file and to catch up with a larger flavor.
            template.applyTo(disk);
            return Outcome.EXISTED;
        }
        if (disk.isSharedBlockStorage() && cloned(context, disk, imageId)) {
            // Not applyTo: on a file-backed cache that would fetch the template the clone made unnecessary.
            if (template.sizeBytes() > disk.virtualSize()) {
                disk.resize(template.sizeBytes());
            }
            return Outcome.CLONED;
        }
        template.applyTo(disk);
        return Outcome.DOWNLOADED;
    }

    private boolean cloned(RequestContext context, InstanceDisk disk, String imageId) {
        ImageRecord image = images.show(context, imageId);
        List<String> locations = image.allLocations().stream().map(ImageLocation::url).toList();
        try {
            disk.cloneFrom(context, imageId, image.diskFormat(), locations);
            return true;
        } catch (NovaException e) {
            if (!e.is(NovaError.IMAGE_UNACCEPTABLE)) {
                throw e;
            }
            if (!disk.mayDownloadImageWhenCloneFails()) {
                LOG.warn("Image {} is not on my ceph and [workarounds]/never_download_image_if_on_rbd=True; "
                        + "refusing to fetch and upload.", imageId);
                throw e;
            }
            LOG.info("Image {} cannot be cloned ({}); downloading it instead", imageId, e.getMessage());
            return false;
        }
    }
}
