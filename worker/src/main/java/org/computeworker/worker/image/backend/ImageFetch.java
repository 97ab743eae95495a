package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.cache.AtomicFiles;
import org.computeworker.worker.image.inspect.ImageSafetyCheck;
import org.computeworker.worker.image.inspect.VerifiedImage;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.qemu.QemuImgInfo;
import org.computeworker.worker.image.service.ImageRecord;
import org.computeworker.worker.image.service.ImageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's {@code images.fetch_to_raw}: downloads an image beside its target, proves it is what glance says and safe
 * (format inspector, then qemu-img's own view), converts it to raw when {@code force_raw_images}, and only then
 * renames it into place. A failure leaves no partial file and an existing target untouched.
 */
public final class ImageFetch {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFetch.class);

    private final ImageService images;
    private final QemuImg qemuImg;
    private final ImageSafetyCheck safety;
    private final boolean forceRawImages;

    public ImageFetch(ImageService images, QemuImg qemuImg, ImageSafetyCheck safety, boolean forceRawImages) {
        this.images = images;
        this.qemuImg = qemuImg;
        this.safety = safety;
        this.forceRawImages = forceRawImages;
    }

    /**
     * @param maxVirtualBytes the flavor's root disk in bytes, or {@link ImageSafetyCheck#NO_SIZE_LIMIT}
     * @return the format the file at {@code target} now is (raw unless force_raw_images is off)
     * @throws org.computeworker.worker.errors.NovaException ImageNotFound, ImageUnacceptable,
     *         FlavorDiskSmallerThanImage, CouldNotFetchImage, ...
     */
    public String fetchToRaw(RequestContext context, String imageId, Path target, long maxVirtualBytes) {
        Path part = sibling(target, ".part");
        Path converted = sibling(target, ".converted");
        try {
            ImageRecord record = images.download(context, imageId, part, ImageService.NO_LIMIT);
            VerifiedImage verified = safety.verify(part, imageId, record.diskFormat(), maxVirtualBytes);
            String format = verified.qemuFormat();
            refuseUnsafe(imageId, qemuImg.info(part, format));
            if (forceRawImages && !"raw".equals(format)) {
                LOG.debug("{} was {}, converting to raw", imageId, format);
                qemuImg.convert(part, format, converted, "raw");
                AtomicFiles.commit(converted, target);
                format = "raw";
            } else {
                AtomicFiles.commit(part, target);
            }
            return format;
        } catch (IOException e) {
            throw NovaErrors.couldNotFetchImage(imageId, e);
        } finally {
            LocalDisk.deleteQuietly(part);
            LocalDisk.deleteQuietly(converted);
        }
    }

    /**
     * nova's {@code fetch_raw_image}, for kernels and ramdisks: the bytes as they are (qemu loads them as files,
     * never as disks), checksum-verified by the image service and put in place atomically.
     */
    public void fetch(RequestContext context, String imageId, Path target) {
        images.download(context, imageId, target, ImageService.NO_LIMIT);
    }

    /**
     * The backing-file and data-file refusals, from qemu-img's view this time: the inspector and qemu must agree
     * that the image references nothing outside itself.
     */
    private static void refuseUnsafe(String imageId, QemuImgInfo info) {
        List<String> problems = info.safetyProblems();
        if (!problems.isEmpty()) {
            throw NovaErrors.imageUnacceptable(imageId, String.join("; ", problems));
        }
    }

    private static Path sibling(Path target, String suffix) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("image target is a directory: " + absolute);
        }
        return absolute.resolveSibling(absolute.getFileName() + suffix);
    }
}
