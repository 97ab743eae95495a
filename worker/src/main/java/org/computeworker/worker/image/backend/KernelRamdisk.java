package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.cache.AtomicFiles;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.image.cache.ImageCache;
import org.computeworker.worker.image.cache.ImageCacheException;
import org.computeworker.worker.config.RemoteHost;

/**
 * An instance's kernel and ramdisk files ({@code <instance dir>/kernel}, {@code ramdisk}) for AMI-style images,
 * cached by image id like any template but fetched and copied byte for byte: qemu loads them with -kernel and
 * -initrd, never as disks, so nova neither converts nor inspects them.
 */
public final class KernelRamdisk {
    public static final String KERNEL = "kernel";
    public static final String RAMDISK = "ramdisk";

    /** The files the guest definition points at; null when the instance has no kernel or no ramdisk. */
    public record BootFiles(Path kernel, Path ramdisk) {
    }

    private final ImageFetch imageFetch;
    private final ImageCache cache;
    private final DiskCopier copier;

    public KernelRamdisk(ImageFetch imageFetch, ImageCache cache, DiskCopier copier) {
        this.imageFetch = imageFetch;
        this.cache = cache;
        this.copier = copier;
    }

    /**
     * Makes sure the instance directory holds the kernel and ramdisk it needs (nova fetches a ramdisk only
     * alongside a kernel).
     *
     * @param fallbackFromHost where to copy from when the image service no longer has them; may be null
     */
    public BootFiles ensure(RequestContext context, Path instanceDirectory, String kernelId, String ramdiskId,
                        RemoteHost fallbackFromHost) {
        if (kernelId == null || kernelId.isBlank()) {
            return new BootFiles(null, null);
        }
        Path kernel = place(context, kernelId, instanceDirectory.resolve(KERNEL), fallbackFromHost);
        Path ramdisk = ramdiskId == null || ramdiskId.isBlank() ? null
                : place(context, ramdiskId, instanceDirectory.resolve(RAMDISK), fallbackFromHost);
        return new BootFiles(kernel, ramdisk);
    }

    private Path place(RequestContext context, String imageId, Path dest, RemoteHost fallbackFromHost) {
        String name = CacheNames.forImage(imageId);
        return cache.use(name, target -> fetch(context, imageId, name, target, fallbackFromHost), base -> {
            if (!Files.exists(dest)) {
                copy(base, dest);
            }
            return dest;
        });
    }

    private void fetch(RequestContext context, String imageId, String name, Path target, RemoteHost fallback) {
        try {
            imageFetch.fetch(context, imageId, target);
        } catch (NovaException e) {
            if (fallback == null || !e.is(NovaError.IMAGE_NOT_FOUND)) {
                throw e;
            }
            copier.receive(fallback, cache.pathOf(name), target);
        }
    }

    private static void copy(Path base, Path dest) {
        Path staging = dest.resolveSibling(dest.getFileName() + ".part");
        try {
            Files.createDirectories(dest.getParent());
            Files.copy(base, staging, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.commit(staging, dest);
        } catch (IOException e) {
            LocalDisk.deleteQuietly(staging);
            throw new ImageCacheException("cannot copy " + base + " to " + dest + ": " + e, e);
        }
    }
}
