package org.computeworker.worker.image.backend;

import java.nio.file.Path;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.image.cache.ImageCache;
import org.computeworker.worker.image.inspect.ImageSafetyCheck;
import org.computeworker.worker.image.qemu.QemuImg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.computeworker.worker.config.LibvirtImageOptions;
import org.computeworker.worker.config.RemoteHost;

/**
 * The templates nova's {@code _create_image} builds disks from: the root image (fetched and made raw, or copied from
 * the source host when glance no longer has it), and blank ephemeral and swap disks formatted once per size.
 */
public final class DiskTemplates {
    private static final Logger LOG = LoggerFactory.getLogger(DiskTemplates.class);
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private final ImageFetch imageFetch;
    private final LocalStorage storage;
    private final ImageCache cache;
    private final QemuImg qemuImg;
    private final LibvirtImageOptions options;
    private final DiskCopier copier;
    private final FilesystemMaker mkfs = new FilesystemMaker();

    public DiskTemplates(ImageFetch imageFetch, LocalStorage storage, LibvirtImageOptions options,
                         DiskCopier copier) {
        this.imageFetch = imageFetch;
        this.storage = storage;
        this.cache = storage.cache();
        this.qemuImg = storage.qemuImg();
        this.options = options;
        this.copier = copier;
    }

    /**
     * The root disk of an image-booted instance.
     *
     * @param rootGb           the flavor's root_gb; 0 keeps the image's own size
     * @param fallbackFromHost nova's {@code fallback_from_host}: where to copy the template from when the image
     *                         service says ImageNotFound (a resize or unshelve of a since-deleted image); may be null
     */
    public Template root(RequestContext context, String imageId, int rootGb, RemoteHost fallbackFromHost) {
        String name = CacheNames.forImage(imageId);
        long size = rootGb * GIB;
        long limit = size == 0 ? ImageSafetyCheck.NO_SIZE_LIMIT : size;
        return new Template(name, target -> {
            try {
                imageFetch.fetchToRaw(context, imageId, target, limit);
            } catch (NovaException e) {
                if (fallbackFromHost == null || !e.is(NovaError.IMAGE_NOT_FOUND)) {
                    throw e;
                }
                LOG.debug("Image {} doesn't exist anymore on image service, attempting to copy image from {}",
                        imageId, fallbackFromHost.name());
                copier.receive(fallbackFromHost, cache.pathOf(name), target);
                // held to the rules a download is, before the cache takes it: the other host is not the image service
                storage.inspectBase(target, true).verifyFits(size);
            }
        }, size);
    }

    /**
     * An ephemeral disk, formatted with the filesystem nova would choose ({@link
     * LibvirtImageOptions#ephemeralFilesystem}); a blank raw file when that mkfs is not installed.
     *
     * @param label the filesystem label nova gives it: ephemeral0, ephemeral1, ...
     */
    public Template ephemeral(int sizeGb, String osType, String specifiedFs, String label) {
        if (sizeGb <= 0) {
            throw new IllegalArgumentException("ephemeral size must be positive, got " + sizeGb);
        }
        String fs = options.ephemeralFilesystem(osType, specifiedFs);
        return new Template(CacheNames.ephemeral(sizeGb, fs), target -> {
            qemuImg.create(target, "raw", sizeGb * GIB);
            mkfs.format(target, fs, label);
        }, sizeGb * GIB);
    }

    /** A swap disk of {@code sizeMb} MiB, prepared with mkswap (blank when mkswap is not installed). */
    public Template swap(int sizeMb) {
        if (sizeMb <= 0) {
            throw new IllegalArgumentException("swap size must be positive, got " + sizeMb);
        }
        return new Template(CacheNames.swap(sizeMb), target -> {
            qemuImg.create(target, "raw", sizeMb * MIB);
            mkfs.makeSwap(target);
        }, sizeMb * MIB);
    }

    /** Where a template is cached, e.g. to name it as a backing file or copy it to another host. */
    public Path cachedPath(String cacheName) {
        return cache.pathOf(cacheName);
    }
}
