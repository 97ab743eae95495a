package org.computeworker.worker.image.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.computeworker.messages.objects.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's libvirt {@code ImageCacheManager.update}: marks the templates instances still use and removes the unused
 * ones once they are older than {@code [image_cache] remove_unused_*_minimum_age_seconds}, re-checking the age under
 * the template's lock because a spawn may have picked it up since the scan.
 */
public final class ImageCacheManager {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCacheManager.class);

    private final ImageCache cache;
    private final ImageCacheOptions options;
    private final TemplateUsage usage;
    private final Clock clock;

    public ImageCacheManager(ImageCache cache, ImageCacheOptions options, TemplateUsage usage) {
        this(cache, options, usage, Clock.systemUTC());
    }

    public ImageCacheManager(ImageCache cache, ImageCacheOptions options, TemplateUsage usage, Clock clock) {
        this.cache = cache;
        this.options = options;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * One pass over the cache directory.
     *
     * @param imageIdsInUse image_ref, kernel_id and ramdisk_id of the instances on this host ({@link #imagesOf});
     *                      their templates count as used even when no disk references them (raw disks are copies)
     */
    public CacheSweep update(Set<String> imageIdsInUse) {
        if (!Files.isDirectory(cache.directory())) {
            LOG.debug("Skipping image cache verification, no base directory at {}", cache.directory());
            return new CacheSweep(List.of(), List.of(), List.of());
        }
        Set<String> used = new HashSet<>(usage.templatesInUse());
        Set<String> fingerprints = new HashSet<>();
        imageIdsInUse.forEach(id -> fingerprints.add(CacheNames.forImage(id)));
        List<Path> inUse = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        for (Path entry : entries()) {
            String name = entry.getFileName().toString();
            CacheNames.Kind kind = CacheNames.kindOf(name);
            if (kind == null) {
                continue; // not a template nova or this cache writes: someone else's file
            }
            if (used.contains(name) || fingerprints.stream().anyMatch(f -> CacheNames.belongsToImage(name, f))) {
                markInUse(entry, inUse);
            } else if (options.removeUnusedBaseImages() && removeIfOldEnough(name, entry, minimumAge(kind))) {
                removed.add(entry);
            } else {
                kept.add(entry);
            }
        }
        LOG.info("Image cache verification: {} in use, {} removed, {} kept", inUse.size(), removed.size(),
                kept.size());
        return new CacheSweep(inUse, removed, kept);
    }

    /** nova's used images: the image_ref, kernel_id and ramdisk_id of each instance on this host. */
    public static Set<String> imagesOf(Collection<Instance> instances) {
        Set<String> ids = new HashSet<>();
        for (Instance instance : instances) {
            Stream.of(instance.imageRef(), instance.kernelId(), instance.ramdiskId())
                    .filter(id -> id != null && !id.isBlank()).forEach(ids::add);
        }
        return ids;
    }

    private List<Path> entries() {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(cache.directory(), Files::isRegularFile)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new ImageCacheException("cannot list the image cache " + cache.directory() + ": " + e, e);
        }
        entries.sort(null);
        return entries;
    }

    private void markInUse(Path entry, List<Path> inUse) {
        try {
            ImageCache.touch(entry);
            inUse.add(entry);
        } catch (NoSuchFileException e) {
            LOG.warn("Template {} is in use but disappeared during the scan", entry);
        } catch (IOException e) {
            LOG.warn("Could not mark template {} in use: {}", entry, e.toString());
            inUse.add(entry);
        }
    }

    private Duration minimumAge(CacheNames.Kind kind) {
        return kind == CacheNames.Kind.RESIZED ? options.removeUnusedResizedMinimumAge()
                : options.removeUnusedOriginalMinimumAge();
    }

    private boolean removeIfOldEnough(String name, Path entry, Duration minimumAge) {
        if (!oldEnough(entry, minimumAge)) {
            LOG.info("Base, swap or ephemeral file too young to remove: {}", entry);
            return false;
        }
        try (CacheLock lock = cache.lock(name)) {
            // A spawn may have started using it while this pass waited for the lock: it would have touched it.
            if (!oldEnough(entry, minimumAge)) {
                return false;
            }
            LOG.info("Removing base, swap or ephemeral file: {}", entry);
            Files.delete(entry);
            AtomicFiles.syncDirectory(cache.directory());
            lock.retire();
            return true;
        } catch (IOException e) {
            LOG.error("Failed to remove {}: {}", entry, e.toString());
            return false;
        }
    }

    private boolean oldEnough(Path entry, Duration minimumAge) {
        try {
            long ageMillis = clock.millis() - Files.getLastModifiedTime(entry).toMillis();
            return Files.isRegularFile(entry) && ageMillis >= minimumAge.toMillis();
        } catch (IOException e) {
            return false; // gone already, or unreadable: nothing to remove safely
        }
    }
}
