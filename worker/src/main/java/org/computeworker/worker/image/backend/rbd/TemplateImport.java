package org.computeworker.worker.image.backend.rbd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.backend.LocalStorage;
import org.computeworker.worker.image.backend.TemplateFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a disk image from a local cache template: the template is fetched at most once per host (under its cache
 * lock), checked to be plain raw, and imported under a staging name that is renamed at the end, so an image with
 * the disk's name is always complete.
 */
final class TemplateImport {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateImport.class);
    static final String IMPORTING_SUFFIX = ".importing";

    private final RbdDriver driver;
    private final LocalStorage storage;
    private final String pool;

    TemplateImport(RbdDriver driver, LocalStorage storage, String pool) {
        this.driver = driver;
        this.storage = storage;
        this.pool = pool;
    }

    private record OpenTemplate(Path path, FileChannel channel) {
    }

    /**
     * @param sizeBytes the disk's size; a bigger template is FlavorDiskSmallerThanImage, before anything is copied
     */
    void run(TemplateFetcher fetcher, String cacheFilename, long sizeBytes, String image) {
        // The open channel keeps the template readable even if the cache manager deletes it later, so the import
        // itself runs without the lock, in parallel with other instances' imports of the same template.
        OpenTemplate template = storage.cache().use(cacheFilename, fetcher::fetch,
                path -> new OpenTemplate(path, openChecked(path, sizeBytes)));
        String staging = image + IMPORTING_SUFFIX;
        long start = System.nanoTime();
        try (FileChannel channel = template.channel()) {
            driver.remove(pool, staging); // left by an import that died half way
            driver.importFrom(channel, template.path().toString(), pool, staging);
            driver.rename(pool, staging, image);
        } catch (IOException | RuntimeException e) {
            removeQuietly(staging);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new CephException("import of " + template.path() + " failed: " + e, 0, e);
        }
        LOG.info("Imported {} into {}/{} in {} ms", template.path(), pool, image,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Only plain raw goes in: Ceph hands the bytes to the guest as its disk, whatever headers they carry. */
    private FileChannel openChecked(Path base, long sizeBytes) {
        storage.safety().verifyBackingFile(base, "raw");
        try {
            long size = Files.size(base);
            if (sizeBytes > 0 && size > sizeBytes) {
                throw NovaErrors.flavorDiskSmallerThanImage(sizeBytes, size);
            }
            return FileChannel.open(base, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open template " + base, e);
        }
    }

    private void removeQuietly(String image) {
        try {
            driver.remove(pool, image);
        } catch (RuntimeException e) {
            LOG.warn("could not remove the partial import {}/{}: {}", pool, image, e.getMessage());
        }
    }
}
