package org.computeworker.worker.image.backend;

import static org.computeworker.worker.image.backend.BackendKit.GIB;
import static org.computeworker.worker.image.backend.BackendKit.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.cache.CacheNames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.computeworker.worker.config.LibvirtImageOptions;

class Qcow2BackendTest {
    @TempDir
    Path dir;
    private BackendKit kit;
    private ImageBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        kit = new BackendKit(dir, LibvirtImageOptions.defaults());
        backend = kit.backend();
    }

    @Test
    void defaultWithCowImagesIsQcow2() {
        assertEquals("default", backend.imagesType());
        assertEquals(LocalImageBackend.Layout.QCOW2, ((LocalImageBackend) backend).layout());
    }

    @Test
    void rootDiskIsAnOverlayOnTheCachedRawBaseAtTheFlavorSize() throws Exception {
        String imageId = kit.importImage(kit.qcow2File("cirros.qcow2", 64 * MIB), "qcow2");
        Instance instance = BackendKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");

        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);

        Path base = kit.cacheDir().resolve(CacheNames.forImage(imageId));
        Path path = backend.instanceDirectory(instance).resolve("disk");
        assertEquals(new DiskSource.File(path, "qcow2"), disk.source());
        JsonNode info = kit.info(path, "qcow2");
        assertEquals(GIB, info.get("virtual-size").asLong());
        assertEquals(base.toString(), info.get("backing-filename").asText());
        assertEquals("raw", info.get("backing-filename-format").asText());
        assertEquals(64 * MIB, Files.size(base), "force_raw_images converted the qcow2 image to a raw template");
        assertEquals(GIB, disk.virtualSize());
        BackendKit.assertStartsWithMarker(kit.guestHead(path, "qcow2", 64));
        assertEquals(List.of(CacheNames.forImage(imageId)), kit.cacheEntries(), "no staging files are left");
        assertEquals("{\"" + path + "\":\"qcow2\"}",
                Files.readString(path.resolveSibling("disk.info")).strip(), "nova's disk.info records the format");
    }

    @Test
    void aSecondInstanceReusesTheCachedBase() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 32 * MIB), "raw");
        for (int i = 0; i < 2; i++) {
            InstanceDisk disk = backend.disk(BackendKit.instance(), "disk");
            kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);
            assertTrue(disk.exists());
        }
        assertEquals(1, kit.images.downloads());
    }

    @Test
    void eightConcurrentSpawnsOfAnUncachedImageDownloadItOnce() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 32 * MIB), "raw");
        kit.images.slowDownloadsBy(Duration.ofMillis(300));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<InstanceDisk>> spawns = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                spawns.add(pool.submit(() -> {
                    InstanceDisk disk = backend.disk(BackendKit.instance(), "disk");
                    start.await();
                    kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);
                    return disk;
                }));
            }
            start.countDown();
            for (Future<InstanceDisk> spawn : spawns) {
                InstanceDisk disk = spawn.get(2, TimeUnit.MINUTES);
                assertEquals(GIB, disk.virtualSize());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, kit.images.downloads());
        assertEquals(List.of(CacheNames.forImage(imageId)), kit.cacheEntries());
    }

    @Test
    void aHostileImageNeverReachesTheCache() throws Exception {
        kit.files.qemuImg("create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", "evil.qcow2", "1G");
        String imageId = kit.importImage(kit.files.path("evil.qcow2"), "qcow2");
        InstanceDisk disk = backend.disk(BackendKit.instance(), "disk");

        NovaException e = assertThrows(NovaException.class,
                () -> kit.templates.root(kit.context, imageId, 1, null).applyTo(disk));

        assertEquals("ImageUnacceptable", e.pythonClass());
        assertTrue(e.getMessage().contains("backing file"), e.getMessage());
        assertEquals(List.of(), kit.cacheEntries(), "neither the template nor a partial download is left");
        assertFalse(disk.exists());
    }

    @Test
    void anImageBiggerThanTheFlavorIsRefusedBeforeItIsCached() throws Exception {
        String imageId = kit.importImage(kit.qcow2File("big.qcow2", 2 * GIB), "qcow2");
        InstanceDisk disk = backend.disk(BackendKit.instance(), "disk");

        NovaException e = assertThrows(NovaException.class,
                () -> kit.templates.root(kit.context, imageId, 1, null).applyTo(disk));

        assertEquals("FlavorDiskSmallerThanImage", e.pythonClass());
        assertEquals(List.of(), kit.cacheEntries());
        assertFalse(disk.exists());
    }

    @Test
    void aCachedBaseBiggerThanASmallerFlavorIsRefused() throws Exception {
        // qcow2, so the 2 GiB never crosses the image service; force_raw_images makes it a sparse raw template
        String imageId = kit.importImage(kit.qcow2File("two-gig.qcow2", 2 * GIB), "qcow2");
        kit.templates.root(kit.context, imageId, 3, null).applyTo(backend.disk(BackendKit.instance(), "disk"));
        InstanceDisk small = backend.disk(BackendKit.instance(), "disk");

        NovaException e = assertThrows(NovaException.class,
                () -> kit.templates.root(kit.context, imageId, 1, null).applyTo(small));

        assertEquals("FlavorDiskSmallerThanImage", e.pythonClass());
        assertEquals(GIB, e.kwargs().get("flavor_size"));
        assertEquals(2 * GIB, e.kwargs().get("image_size"));
        assertFalse(small.exists());
    }

    @Test
    void rootGbZeroKeepsTheImageSize() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 48 * MIB), "raw");
        InstanceDisk disk = backend.disk(BackendKit.instance(), "disk");
        kit.templates.root(kit.context, imageId, 0, null).applyTo(disk);
        assertEquals(48 * MIB, disk.virtualSize());
    }

    @Test
    void flattenRemovesTheBackingFileAndKeepsTheData() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 32 * MIB), "raw");
        Instance instance = BackendKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");
        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);
        Path path = backend.instanceDirectory(instance).resolve("disk");

        disk.flatten();

        JsonNode info = kit.info(path, "qcow2");
        assertFalse(info.has("backing-filename"), info::toString);
        assertEquals(GIB, info.get("virtual-size").asLong());
        BackendKit.assertStartsWithMarker(kit.guestHead(path, "qcow2", 64));
        assertEquals(List.of("disk", "disk.info", "disk.templates"), BackendKit.listNames(path.getParent()));
    }

    @Test
    void resizeGrowsAndRefusesToShrink() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 32 * MIB), "raw");
        InstanceDisk disk = backend.disk(BackendKit.instance(), "disk");
        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);

        disk.resize(2 * GIB);
        assertEquals(2 * GIB, disk.virtualSize());

        NovaException e = assertThrows(NovaException.class, () -> disk.resize(GIB));
        assertEquals("ResizeError", e.pythonClass());
        assertEquals(2 * GIB, disk.virtualSize());
    }

    @Test
    void cachingAgainWithABiggerSizeGrowsAnExistingDisk() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 32 * MIB), "raw");
        InstanceDisk disk = backend.disk(BackendKit.instance(), "disk");
        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);
        kit.templates.root(kit.context, imageId, 2, null).applyTo(disk);
        assertEquals(2 * GIB, disk.virtualSize());
        assertEquals(1, kit.images.downloads());
    }

    @Test
    void removeDeletesTheDiskAndItsRecords() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 32 * MIB), "raw");
        Instance instance = BackendKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");
        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);

        disk.remove();
        disk.remove();

        assertFalse(disk.exists());
        Path directory = backend.instanceDirectory(instance);
        assertEquals("{}", Files.readString(directory.resolve("disk.info")).strip());
        assertEquals("{}", Files.readString(directory.resolve("disk.templates")).strip());
    }

    @Test
    void storageFiguresComeFromTheInstancesFilesystem() {
        assertTrue(backend.totalBytes() > 0);
        assertTrue(backend.availableBytes() > 0 && backend.availableBytes() <= backend.totalBytes());
        assertFalse(backend.disk(BackendKit.instance(), "disk").isSharedBlockStorage());
    }
}
