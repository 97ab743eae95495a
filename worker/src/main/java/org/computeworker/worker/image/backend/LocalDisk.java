package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.image.cache.ImageCacheException;

/**
 * A disk that is a file in the instance directory, made from a cache template (nova's file-based
 * {@code imagebackend.Image}); subclasses decide how the file is made from the template and how it is read.
 */
abstract class LocalDisk implements InstanceDisk {
    /** disk, disk.local, disk.eph0, disk.swap, disk.config, disk.rescue, kernel, ramdisk... */
    private static final Pattern DISK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,100}");

    protected final LocalStorage storage;
    protected final Path instanceDirectory;
    protected final Path path;
    private final String name;

    LocalDisk(LocalStorage storage, Path instanceDirectory, String name) {
        if (name == null || !DISK_NAME.matcher(name).matches() || name.equals(InstanceRecordFile.DISK_INFO)
                || name.equals(InstanceRecordFile.DISK_TEMPLATES)) {
            throw new IllegalArgumentException("not a disk name: " + name);
        }
        this.storage = storage;
        this.instanceDirectory = instanceDirectory;
        this.name = name;
        this.path = instanceDirectory.resolve(name);
    }

    /** How qemu must open this disk. */
    abstract String driverFormat();

    /**
     * Makes the disk file at {@link #path} from {@code base}, {@code sizeBytes} big (0 = the base's size).
     *
     * @return the format the new file must be opened as, recorded in disk.info
     */
    abstract String createFrom(BaseImage base, long sizeBytes);

    @Override
    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    @Override
    public DiskSource source() {
        return new DiskSource.File(path, driverFormat());
    }

    @Override
    public boolean exists() {
        return Files.exists(path);
    }

    @Override
    public void cache(TemplateFetcher fetcher, String cacheFilename, long sizeBytes) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("disk size must be >= 0, got " + sizeBytes);
        }
        // The whole creation runs under the template's lock, as nova's does, so the cache manager cannot delete
        // the template between the check that it exists and the moment this disk depends on it.
        storage.cache().use(cacheFilename, fetcher::fetch, base -> {
            if (!exists()) {
                create(storage.inspectBase(base, isImageTemplate(cacheFilename)), sizeBytes, cacheFilename);
            }
            return null;
        });
        if (sizeBytes > 0 && sizeBytes > virtualSize()) {
            resize(sizeBytes); // an existing disk (resize, rebuild) catching up with a bigger flavor
        }
        if (sizeBytes > 0) {
            storage.preallocator().allocate(path, sizeBytes);
        }
    }

    @Override
    public void resize(long sizeBytes) {
        long current = virtualSize();
        if (sizeBytes < current) {
            throw NovaErrors.resizeError("disk " + path + " is " + current + " bytes; shrinking it to " + sizeBytes
                    + " bytes is not supported");
        }
        if (sizeBytes > current) {
            storage.qemuImg().resize(path, driverFormat(), sizeBytes);
        }
    }

    @Override
    public long virtualSize() {
        if (!exists()) {
            throw NovaErrors.diskNotFound(path.toString());
        }
        return storage.qemuImg().info(path, driverFormat()).virtualSize();
    }

    /** A file disk is already self-contained unless it is an overlay. */
    @Override
    public void flatten() {
    }

    @Override
    public void remove() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new ImageCacheException("cannot remove disk " + path + ": " + e, e);
        }
        if (Files.isDirectory(instanceDirectory)) {
            InstanceRecordFile.diskInfo(instanceDirectory).remove(path.toString());
            InstanceRecordFile.diskTemplates(instanceDirectory).remove(name);
        }
    }

    @Override
    public boolean isSharedBlockStorage() {
        return false;
    }

    private void create(BaseImage base, long sizeBytes, String cacheFilename) {
        base.verifyFits(sizeBytes);
        try {
            Files.createDirectories(instanceDirectory);
        } catch (IOException e) {
            throw new ImageCacheException("cannot create instance directory " + instanceDirectory + ": " + e, e);
        }
        boolean created = false;
        try {
            String format = createFrom(base, sizeBytes);
            InstanceRecordFile.diskInfo(instanceDirectory).put(path.toString(), format);
            InstanceRecordFile.diskTemplates(instanceDirectory).put(name, cacheFilename);
            created = true;
        } finally {
            if (!created) {
                deleteQuietly(path); // nova's remove_path_on_error: no half-made disk is ever left behind
            }
        }
    }

    /** Image templates keep their own format unless force_raw_images; generated ones (swap, ephemeral) are raw. */
    private static boolean isImageTemplate(String cacheFilename) {
        CacheNames.Kind kind = CacheNames.kindOf(cacheFilename);
        return kind == CacheNames.Kind.ORIGINAL || kind == CacheNames.Kind.RESIZED;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort on an error path; the original failure is what the caller needs to see
        }
    }
}
