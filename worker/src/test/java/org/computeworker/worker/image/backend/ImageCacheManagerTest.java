package org.computeworker.worker.image.backend;

import static org.computeworker.worker.image.backend.BackendKit.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.image.cache.CacheSweep;
import org.computeworker.worker.image.cache.ImageCache;
import org.computeworker.worker.image.cache.ImageCacheException;
import org.computeworker.worker.image.cache.ImageCacheManager;
import org.computeworker.worker.image.cache.ImageCacheOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.computeworker.worker.config.LibvirtImageOptions;

class ImageCacheManagerTest {
    private static final Duration TWO_DAYS = Duration.ofDays(2);

    @TempDir
    Path dir;
    private BackendKit kit;
    private ImageCache cache;

    @BeforeEach
    void setUp() throws Exception {
        kit = new BackendKit(dir, LibvirtImageOptions.defaults());
        cache = kit.storage.cache();
    }

    @Test
    void removesOldUnusedTemplatesAndKeepsUsedAndYoungOnes() throws Exception {
        String backing = kit.importImage(kit.rawFile("backing.raw", 8 * MIB), "raw");
        String flat = kit.importImage(kit.rawFile("flat.raw", 8 * MIB), "raw");
        String unused = kit.importImage(kit.rawFile("unused.raw", 8 * MIB), "raw");
        String young = kit.importImage(kit.rawFile("young.raw", 8 * MIB), "raw");
        String running = kit.importImage(kit.rawFile("running.raw", 8 * MIB), "raw");
        kit.templates.root(kit.context, backing, 1, null).applyTo(kit.backend().disk(BackendKit.instance(), "disk"));
        kit.templates.root(kit.context, flat, 1, null)
                .applyTo(ImageBackends.raw(kit.storage).disk(BackendKit.instance(), "disk"));
        cacheOnly(kit.templates.root(kit.context, unused, 1, null));
        cacheOnly(kit.templates.root(kit.context, young, 1, null));
        cacheOnly(kit.templates.root(kit.context, running, 1, null));
        cacheOnly(kit.templates.swap(16));
        Files.writeString(cache.directory().resolve("README"), "not a template");
        for (String id : List.of(backing, flat, unused, running)) {
            age(CacheNames.forImage(id), TWO_DAYS);
        }
        age("swap_16", TWO_DAYS);
        age("README", TWO_DAYS);

        Instance withImage = BackendKit.instance();
        withImage.data().put("image_ref", running);
        CacheSweep sweep = manager(ImageCacheOptions.defaults())
                .update(ImageCacheManager.imagesOf(List.of(withImage, BackendKit.instance())));

        assertEquals(names(backing, flat, running), fileNames(sweep.inUse()));
        assertEquals(sorted(CacheNames.forImage(unused), "swap_16"), fileNames(sweep.removed()));
        assertEquals(names(young), fileNames(sweep.kept()));
        assertFalse(cache.contains(CacheNames.forImage(unused)));
        assertFalse(Files.exists(cache.lockDirectory().resolve("nova-" + CacheNames.forImage(unused))),
                "the removed template's lock file goes with it");
        assertTrue(Files.exists(cache.directory().resolve("README")), "files that are not templates stay");
        assertTrue(youngerThan(CacheNames.forImage(backing), Duration.ofMinutes(1)), "used templates are touched");
    }

    @Test
    void nothingIsRemovedWhenRemovalIsDisabled() throws Exception {
        String unused = kit.importImage(kit.rawFile("unused.raw", 8 * MIB), "raw");
        cacheOnly(kit.templates.root(kit.context, unused, 1, null));
        age(CacheNames.forImage(unused), TWO_DAYS);
        ImageCacheOptions keep = new ImageCacheOptions("_base", false, Duration.ofDays(1), Duration.ofHours(1), 2400);

        CacheSweep sweep = manager(keep).update(Set.of());

        assertEquals(List.of(), sweep.removed());
        assertTrue(cache.contains(CacheNames.forImage(unused)));
    }

    @Test
    void aTemplateTouchedAfterTheScanSurvivesTheRecheckUnderItsLock() throws Exception {
        String imageId = kit.importImage(kit.rawFile("late.raw", 8 * MIB), "raw");
        String name = CacheNames.forImage(imageId);
        cacheOnly(kit.templates.root(kit.context, imageId, 1, null));
        age(name, TWO_DAYS);
        // The scan says "unused"; then a spawn takes the template before the manager gets its lock.
        ImageCacheManager manager = new ImageCacheManager(cache, ImageCacheOptions.defaults(), () -> {
            cacheOnly(kit.templates.root(kit.context, imageId, 1, null));
            return Set.of();
        });

        CacheSweep sweep = manager.update(Set.of());

        assertEquals(List.of(), sweep.removed());
        assertTrue(cache.contains(name));
    }

    @Test
    void anUnreadableDiskStopsTheSweepBeforeAnythingIsRemoved() throws Exception {
        String unused = kit.importImage(kit.rawFile("unused.raw", 8 * MIB), "raw");
        cacheOnly(kit.templates.root(kit.context, unused, 1, null));
        age(CacheNames.forImage(unused), TWO_DAYS);
        // disk.info says qcow2, but qemu-img cannot read it as one: its backing file is unknown
        Path broken = Files.createDirectories(kit.instances.resolve("broken-instance")).resolve("disk");
        Files.writeString(broken, "not a qcow2 image at all");
        InstanceRecordFile.diskInfo(broken.getParent()).put(broken.toString(), "qcow2");

        assertThrows(ImageCacheException.class, () -> manager(ImageCacheOptions.defaults()).update(Set.of()));
        assertTrue(cache.contains(CacheNames.forImage(unused)));
    }

    private ImageCacheManager manager(ImageCacheOptions options) {
        return new ImageCacheManager(cache, options, new InstanceDiskScan(kit.storage));
    }

    private void cacheOnly(Template template) {
        cache.use(template.cacheName(), template.fetcher()::fetch, base -> null);
    }

    private void age(String name, Duration age) throws Exception {
        Files.setLastModifiedTime(cache.directory().resolve(name), FileTime.from(Instant.now().minus(age)));
    }

    private boolean youngerThan(String name, Duration age) throws Exception {
        return Files.getLastModifiedTime(cache.directory().resolve(name)).toInstant()
                .isAfter(Instant.now().minus(age));
    }

    private static List<String> names(String... imageIds) {
        return sorted(java.util.Arrays.stream(imageIds).map(CacheNames::forImage).toArray(String[]::new));
    }

    private static List<String> sorted(String... names) {
        return java.util.Arrays.stream(names).sorted().toList();
    }

    private static List<String> fileNames(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).sorted().toList();
    }
}
