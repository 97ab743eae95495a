package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.image.cache.ImageCache;
import org.computeworker.worker.image.cache.ImageCacheOptions;
import org.computeworker.worker.image.inspect.ImageFormatDetector;
import org.computeworker.worker.image.inspect.ImageSafetyCheck;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.config.LibvirtImageOptions;

/**
 * What file-backed disks share: instances_path, the image cache under it, qemu-img, the safety check, and the
 * options that decide template formats and preallocation.
 *
 * @param forceRawImages whether every image template is raw (fetch_to_raw converted it), so a template whose bytes
 *                       say otherwise is refused instead of being opened as what it claims to be
 */
public record LocalStorage(Path instancesPath, ImageCache cache, QemuImg qemuImg, ImageSafetyCheck safety,
                           ImageFormatDetector detector, boolean forceRawImages, Preallocator preallocator) {
    /** Instance directories are named by uuid; nothing that could climb out of instances_path. */
    private static final Pattern DIRECTORY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");

    public LocalStorage {
        instancesPath = instancesPath.toAbsolutePath().normalize();
    }

    public static LocalStorage create(Path instancesPath, ImageCacheOptions cacheOptions,
                                      LibvirtImageOptions imageOptions, QemuImg qemuImg) {
        return new LocalStorage(instancesPath, new ImageCache(instancesPath, cacheOptions), qemuImg,
                new ImageSafetyCheck(), ImageFormatDetector.standard(), imageOptions.forceRawImages(),
                Preallocator.forOption(imageOptions.preallocateSpace()));
    }

    /** nova's {@code get_instance_path}: instances_path/&lt;uuid&gt;. */
    public Path instanceDirectory(Instance instance) {
        String uuid = instance.uuid();
        if (uuid == null || !DIRECTORY_NAME.matcher(uuid).matches() || uuid.equals(ImageCache.LOCK_DIRECTORY)
                || instancesPath.resolve(uuid).equals(cache.directory())) {
            throw new IllegalArgumentException("instance uuid cannot name a directory: " + uuid);
        }
        return instancesPath.resolve(uuid);
    }

    /** Inspects a cache template before it backs or seeds a disk; see {@link BaseImage#inspect}. */
    BaseImage inspectBase(Path base, boolean imageTemplate) {
        return BaseImage.inspect(base, forceRawImages || !imageTemplate ? "raw" : null, safety, detector);
    }

    long availableBytes() {
        try {
            return store().getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    long totalBytes() {
        try {
            return store().getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The filesystem instances_path is (or will be) on: its nearest existing ancestor's. */
    private FileStore store() throws IOException {
        Path existing = instancesPath;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return Files.getFileStore(existing == null ? Path.of("/") : existing);
    }
}
