package org.computeworker.worker.image.cache;

import java.time.Duration;
import java.util.Optional;
import org.computeworker.worker.config.OptionReader;

/**
 * The {@code [image_cache]} options, with nova's names and defaults (nova/conf/imagecache.py); each is also read
 * from the deprecated name nova still accepts when the new one is unset.
 *
 * @param subdirectoryName                  the cache directory under instances_path ({@code _base})
 * @param removeUnusedBaseImages            whether the manager deletes unused templates at all
 * @param removeUnusedOriginalMinimumAge    unused original images, swap and ephemeral templates younger than this stay
 * @param removeUnusedResizedMinimumAge     unused legacy resized images ({@code <sha1>_<size>}) younger than this stay
 * @param managerIntervalSeconds            seconds between manager runs; 0 = the default periodic interval, -1 = never
 */
public record ImageCacheOptions(String subdirectoryName, boolean removeUnusedBaseImages,
                                Duration removeUnusedOriginalMinimumAge, Duration removeUnusedResizedMinimumAge,
                                int managerIntervalSeconds) {
    public static final String SECTION = "image_cache";
    /** What nova runs periodic tasks at when an interval of 0 asks for "the default". */
    public static final Duration DEFAULT_PERIODIC_INTERVAL = Duration.ofSeconds(60);

    public ImageCacheOptions {
        if (!isDirectoryName(subdirectoryName)) {
            throw new IllegalArgumentException("[image_cache] subdirectory_name must be one directory name, got '"
                    + subdirectoryName + "'");
        }
        if (removeUnusedOriginalMinimumAge.isNegative() || removeUnusedResizedMinimumAge.isNegative()) {
            throw new IllegalArgumentException("image cache minimum ages must not be negative");
        }
        if (managerIntervalSeconds < -1) {
            throw new IllegalArgumentException("[image_cache] manager_interval must be >= -1");
        }
    }

    public static ImageCacheOptions defaults() {
        return new ImageCacheOptions("_base", true, Duration.ofHours(24), Duration.ofHours(1), 2400);
    }

    public static ImageCacheOptions read(OptionReader r) {
        String[] subdir = where(r, "subdirectory_name", "DEFAULT", "image_cache_subdirectory_name");
        String[] remove = where(r, "remove_unused_base_images", "DEFAULT", "remove_unused_base_images");
        String[] original = where(r, "remove_unused_original_minimum_age_seconds", "DEFAULT",
                "remove_unused_original_minimum_age_seconds");
        String[] resized = where(r, "remove_unused_resized_minimum_age_seconds", "libvirt",
                "remove_unused_resized_minimum_age_seconds");
        String[] interval = where(r, "manager_interval", "DEFAULT", "image_cache_manager_interval");
        String name = r.string(subdir[0], subdir[1], "_base");
        if (!isDirectoryName(name)) {
            throw r.invalid(subdir[0], subdir[1], name, "a single directory name under instances_path");
        }
        return new ImageCacheOptions(name,
                r.bool(remove[0], remove[1], true),
                Duration.ofSeconds(r.integer(original[0], original[1], 24 * 3600, 0, Integer.MAX_VALUE)),
                Duration.ofSeconds(r.integer(resized[0], resized[1], 3600, 0, Integer.MAX_VALUE)),
                r.integer(interval[0], interval[1], 2400, -1, Integer.MAX_VALUE));
    }

    /** How often the manager should run, or empty when it is disabled (-1). */
    public Optional<Duration> managerInterval() {
        if (managerIntervalSeconds < 0) {
            return Optional.empty();
        }
        return Optional.of(managerIntervalSeconds == 0 ? DEFAULT_PERIODIC_INTERVAL
                : Duration.ofSeconds(managerIntervalSeconds));
    }

    /**
     * A single directory name under instances_path, as nova documents it: anything else could put the cache (and
     * the manager's deletions) somewhere else entirely, or on top of the lock directory.
     */
    private static boolean isDirectoryName(String name) {
        return name != null && !name.isBlank() && !name.contains("/") && !name.contains("\0") && !name.equals(".")
                && !name.equals("..") && !name.equals(ImageCache.LOCK_DIRECTORY);
    }

    /** The section and name to read: the current option, else its deprecated spelling when only that is set. */
    private static String[] where(OptionReader r, String option, String oldSection, String oldOption) {
        if (r.optional(SECTION, option).isEmpty() && r.optional(oldSection, oldOption).isPresent()) {
            return new String[] {oldSection, oldOption};
        }
        return new String[] {SECTION, option};
    }
}
