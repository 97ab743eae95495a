package org.computeworker.worker.image.backend.rbd;

import java.util.List;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.backend.Template;
import org.computeworker.worker.image.service.ImageLocation;
import org.computeworker.worker.image.service.ImageRecord;
import org.computeworker.worker.image.service.ImageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root disk of an image-booted instance the way nova's {@code _create_image} makes it on a backend that can
 * clone ({@code clone_fallback_to_fetch}): clone the image inside Ceph; when that is unacceptable, download and
 * import it instead, unless {@code never_download_image_if_on_rbd} forbids it; then size the disk to the flavor.
 */
public final class RootDiskPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(RootDiskPreparer.class);

    /** How the disk came to be. */
    public enum Outcome { CLONED, DOWNLOADED, EXISTED }

    private final ImageService images;
    private final boolean neverDownload;

    /** @param neverDownload {@code [workarounds] never_download_image_if_on_rbd} */
    public RootDiskPreparer(ImageService images, boolean neverDownload) {
        this.images = images;
        this.neverDownload = neverDownload;
    }

    /**
     * @param template the root template ({@code DiskTemplates.root}): what to download when the clone is refused,
     *                 and the flavor's size the disk is grown to either way
     * @throws NovaException ImageUnacceptable (from the clone) when the download is forbidden; whatever the image
     *                       service, the fetch or the import raise
     */
    public Outcome prepare(RequestContext context, InstanceDisk disk, String imageId, Template template) {
        if (disk.exists()) {
            template.applyTo(disk); // a rebuild or restart: nothing to fetch, only the size to catch up with
            return Outcome.EXISTED;
        }
        ImageRecord image = images.show(context, imageId);
        List<String> locations = image.allLocations().stream().map(ImageLocation::url).toList();
        Outcome outcome;
        try {
            disk.cloneFrom(context, imageId, image.diskFormat(), locations);
            outcome = Outcome.CLONED;
        } catch (NovaException e) {
            if (!"ImageUnacceptable".equals(e.pythonClass())) {
                throw e;
            }
            if (neverDownload) {
                // The clone's own reason goes back: the compute manager expects ImageUnacceptable from spawn.
                LOG.warn("Image {} is not on my ceph and [workarounds]/never_download_image_if_on_rbd=True; "
                        + "refusing to fetch and upload.", imageId);
                throw e;
            }
            LOG.info("Image {} cannot be cloned in Ceph ({}); downloading and importing it", imageId,
                    e.getMessage());
            outcome = Outcome.DOWNLOADED;
        }
        template.applyTo(disk); // after a clone: nothing to fetch, only the flavor's size to check and grow to
        return outcome;
    }
}
