package org.computeworker.worker.image.cache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's image cache: templates (base images, blank ephemeral and swap files) in {@code instances_path/_base},
 * each written at most once under its own lock ({@code instances_path/locks/nova-<name>}, the lock nova uses, so
 * workers and nova processes sharing instances_path agree), staged as {@code <name>.part} and renamed into place.
 */
public final class ImageCache {
    public static final String LOCK_DIRECTORY = "locks";
    /** oslo.concurrency's prefix for nova's external locks. */
    public static final String LOCK_PREFIX = "nova-";
    static final String STAGING_SUFFIX = ".part";
    private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
    /** Names become file names: nothing that could leave the directory, hide, or pose as a staging file. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,200}");

    private final Path directory;
    private final Path lockDirectory;

    public ImageCache(Path instancesPath, ImageCacheOptions options) {
        Path instances = instancesPath.toAbsolutePath().normalize();
        this.directory = instances.resolve(options.subdirectoryName());
        this.lockDirectory = instances.resolve(LOCK_DIRECTORY);
    }

    /** Writes a template into a staging path it is given; the cache moves it into place. */
    @FunctionalInterface
    public interface Fill {
        void writeTo(Path staging) throws Exception;
    }

    public Path directory() {
        return directory;
    }

    public Path lockDirectory() {
        return lockDirectory;
    }

    /** Where the template {@code name} lives (whether or not it exists yet). */
    public Path pathOf(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(STAGING_SUFFIX)) {
            throw new IllegalArgumentException("not a cache file name: " + name);
        }
        return directory.resolve(name);
    }

    public boolean contains(String name) {
        return Files.isRegularFile(pathOf(name));
    }

    /**
     * nova's {@code Image.cache} core: under the template's lock, writes it with {@code fill} when it is missing,
     * marks it used (mtime, which the manager's age checks read) and runs {@code use} on it, still under the lock so
     * the manager cannot remove the template between the check and the use.
     */
    @SuppressWarnings("try") // the lock is held for the block, never read
    public <T> T use(String name, Fill fill, Function<Path, T> use) {
        Path base = pathOf(name);
        try {
            Files.createDirectories(directory);
            try (CacheLock lock = lock(name)) {
                if (!Files.isRegularFile(base)) {
                    write(name, base, fill);
                }
                touch(base);
                return use.apply(base);
            }
        } catch (IOException e) {
            throw new ImageCacheException("image cache entry " + base + ": " + e, e);
        }
    }

    /** The lock guarding {@code name}: held by {@link #use} and by the manager while it deletes the template. */
    public CacheLock lock(String name) throws IOException {
        return CacheLock.acquire(lockDirectory.resolve(LOCK_PREFIX + pathOf(name).getFileName()));
    }

    private void write(String name, Path base, Fill fill) throws IOException {
        Path staging = directory.resolve(name + STAGING_SUFFIX);
        removeLeftovers(name); // of an attempt that died without cleaning up; the lock says none is running
        LOG.info("Creating image cache entry {}", base);
        try {
            fill.writeTo(staging);
            if (!Files.isRegularFile(staging)) {
                throw new ImageCacheException("nothing was written for image cache entry " + name);
            }
            AtomicFiles.commit(staging, base);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (InterruptedIOException) new InterruptedIOException("interrupted creating " + base).initCause(e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ImageCacheException("could not create image cache entry " + name + ": " + e, e);
        } finally {
            removeLeftovers(name);
        }
    }

    /** {@code <name>.part*} and the hidden files staged beside them ({@code .<name>.part*}). */
    private void removeLeftovers(String name) throws IOException {
        String visible = name + STAGING_SUFFIX;
        String hidden = "." + visible;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                p -> p.getFileName().toString().startsWith(visible)
                        || p.getFileName().toString().startsWith(hidden))) {
            for (Path leftover : entries) {
                Files.deleteIfExists(leftover);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** nova ignores a refused utime: the mtime only protects an unused template from early removal. */
    static void touch(Path base) throws IOException {
        try {
            Files.setLastModifiedTime(base, FileTime.from(Instant.now()));
        } catch (AccessDeniedException e) {
            LOG.warn("Ignoring failure to update the mtime of {}: {}", base, e.toString());
        }
    }
}
