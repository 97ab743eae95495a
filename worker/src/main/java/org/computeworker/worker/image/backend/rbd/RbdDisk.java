package org.computeworker.worker.image.backend.rbd;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.backend.DiskSource;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.backend.TemplateFetcher;
import org.computeworker.worker.image.cache.CacheNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance disk as an RBD image (nova's {@code imagebackend.Rbd}): cloned from the image's snapshot when the
 * image lives in this cluster, otherwise imported from the local image cache; always grown to the flavor's size.
 */
final class RbdDisk implements InstanceDisk {
    private static final Logger LOG = LoggerFactory.getLogger(RbdDisk.class);
    private static final Pattern DISK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,100}");
    private static final Set<String> CLONEABLE_FORMATS = Set.of("raw", "iso");

    private final RbdBackend backend;
    private final RbdDriver driver;
    private final String pool;
    private final String name;
    private final String rbdName;
    private final long flavorRootBytes;

    /** @param flavorRootBytes the instance's root_gb in bytes (0: the image's own size), what a clone is grown to */
    RbdDisk(RbdBackend backend, String name, String rbdName, long flavorRootBytes) {
        if (name == null || !DISK_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a disk name: " + name);
        }
        this.backend = backend;
        this.driver = backend.driver();
        this.pool = backend.options().pool();
        this.name = name;
        this.rbdName = rbdName;
        this.flavorRootBytes = flavorRootBytes;
    }

    @Override
    public String name() {
        return name;
    }

    /** The RBD image's name in the pool: {@code <instance uuid>_<disk name>}. */
    String rbdName() {
        return rbdName;
    }

    @Override
    public DiskSource source() {
        CephMonitors monitors = backend.monitors();
        RbdOptions options = backend.options();
        return new DiskSource.Rbd(pool, rbdName, monitors.hosts(), monitors.ports(), options.user(),
                options.secretUuid());
    }

    @Override
    public boolean exists() {
        return driver.exists(pool, rbdName);
    }

    /**
     * nova's {@code Rbd.clone}: clones the first location that is a protected snapshot in this cluster, then grows
     * the clone to the instance's root_gb ({@link #cache} on the new disk fetches nothing and only checks the size).
     *
     * @throws NovaException ImageUnacceptable when the image is not raw/iso or no location can be cloned, which
     *                       tells the caller to fall back to {@link #cache}
     */
    @Override
    public void cloneFrom(RequestContext context, String imageId, String diskFormat, List<String> locations) {
        LOG.debug("Image locations are: {}", locations);
        if (diskFormat == null || !CLONEABLE_FORMATS.contains(diskFormat.toLowerCase(Locale.ROOT))) {
            throw NovaErrors.imageUnacceptable(imageId, "Image is not raw format");
        }
        for (String url : locations) {
            if (driver.isCloneable(url, diskFormat)) {
                LOG.debug("Selected location: {}", url);
                clone(imageId, url);
                growClone();
                return;
            }
        }
        throw NovaErrors.imageUnacceptable(imageId, "No image locations are accessible");
    }

    /**
     * nova's {@code Rbd.create_image}: when the disk does not exist, the template is fetched into the image cache
     * (at most once per host, under its lock) and imported; then the disk is grown to {@code sizeBytes}.
     */
    @Override
    public void cache(TemplateFetcher fetcher, String cacheFilename, long sizeBytes) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("disk size must be >= 0, got " + sizeBytes);
        }
        long before;
        try {
            before = driver.growTo(pool, rbdName, sizeBytes); // an existing disk (a clone, a rebuild): size only
        } catch (CephException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            create(fetcher, cacheFilename, sizeBytes);
            before = driver.growTo(pool, rbdName, sizeBytes);
        }
        if (sizeBytes > 0 && sizeBytes < before) {
            throw NovaErrors.flavorDiskSmallerThanImage(sizeBytes, before); // nova's verify_base_size
        }
    }

    private void create(TemplateFetcher fetcher, String cacheFilename, long sizeBytes) {
        boolean imageTemplate = isImageTemplate(cacheFilename);
        if (imageTemplate && backend.options().neverDownloadImageIfOnRbd()) {
            LOG.warn("Image of cache entry {} is not on my ceph and [workarounds]/never_download_image_if_on_rbd"
                    + "=True; refusing to fetch and upload.", cacheFilename);
            throw NovaErrors.imageUnacceptable(cacheFilename, "the image is not in this Ceph cluster and "
                    + "[workarounds]/never_download_image_if_on_rbd=True refuses to fetch and upload it");
        }
        new TemplateImport(driver, backend.storage(), pool).run(fetcher, cacheFilename, sizeBytes, rbdName);
        if (imageTemplate) {
            backend.metrics().downloaded();
        }
    }

    @Override
    public void resize(long sizeBytes) {
        long current = virtualSize();
        if (sizeBytes < current) {
            throw NovaErrors.resizeError("disk " + pool + "/" + rbdName + " is " + current + " bytes; shrinking it to "
                    + sizeBytes + " bytes is not supported");
        }
        if (sizeBytes > current) {
            driver.resize(pool, rbdName, sizeBytes);
        }
    }

    @Override
    public long virtualSize() {
        try {
            return driver.size(pool, rbdName);
        } catch (CephException e) {
            if (e.isNotFound()) {
                throw NovaErrors.diskNotFound(pool + "/" + rbdName);
            }
            throw e;
        }
    }

    /** Detaches a clone from the image snapshot (unshelve, cross-cell moves); a disk without a parent is left. */
    @Override
    public void flatten() {
        try {
            if (!driver.flatten(pool, rbdName)) {
                LOG.debug("Image {} from pool {} has no parent info, consider it already flat", rbdName, pool);
            }
        } catch (CephException e) {
            if (e.isNotFound()) {
                throw NovaErrors.diskNotFound(pool + "/" + rbdName);
            }
            throw e;
        }
    }

    @Override
    public void remove() {
        driver.remove(pool, rbdName);
        driver.remove(pool, rbdName + TemplateImport.IMPORTING_SUFFIX);
    }

    @Override
    public boolean isSharedBlockStorage() {
        return true;
    }

    @Override
    public boolean mayDownloadImageWhenCloneFails() {
        return !backend.options().neverDownloadImageIfOnRbd();
    }

    private void clone(String imageId, String url) {
        long start = System.nanoTime();
        try {
            driver.clone(RbdUrls.parse(url), pool, rbdName);
        } catch (CephException e) {
            if (e.isPermissionDenied()) {
                throw new NovaException(NovaError.FORBIDDEN, "no write permission on storage pool " + pool,
                        NovaException.kw(), e);
            }
            throw e;
        }
        backend.metrics().cloned();
        LOG.info("Cloned image {} from {} to {}/{} in {} ms", imageId, url, pool, rbdName,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** nova's verify_base_size then resize; a clone too big for the flavor is removed again, leaving nothing. */
    private void growClone() {
        long imageSize = driver.growTo(pool, rbdName, flavorRootBytes);
        if (flavorRootBytes > 0 && flavorRootBytes < imageSize) {
            driver.remove(pool, rbdName);
            throw NovaErrors.flavorDiskSmallerThanImage(flavorRootBytes, imageSize);
        }
    }

    private static boolean isImageTemplate(String cacheFilename) {
        CacheNames.Kind kind = CacheNames.kindOf(cacheFilename);
        return kind == CacheNames.Kind.ORIGINAL || kind == CacheNames.Kind.RESIZED;
    }
}
