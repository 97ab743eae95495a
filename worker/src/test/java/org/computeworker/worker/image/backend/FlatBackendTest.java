package org.computeworker.worker.image.backend;

import static org.computeworker.worker.image.backend.BackendKit.GIB;
import static org.computeworker.worker.image.backend.BackendKit.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.image.inspect.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.computeworker.worker.config.LibvirtImageOptions;

class FlatBackendTest {
    @TempDir
    Path dir;
    private BackendKit kit;
    private ImageBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        kit = new BackendKit(dir, LibvirtImageOptions.defaults().withImagesType("raw"));
        backend = kit.backend();
    }

    @Test
    void rootDiskIsASparseRawCopyGrownToTheFlavor() throws Exception {
        String imageId = kit.importImage(kit.qcow2File("cirros.qcow2", 64 * MIB), "qcow2");
        Instance instance = BackendKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");

        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);

        Path path = backend.instanceDirectory(instance).resolve("disk");
        assertEquals(new DiskSource.File(path, "raw"), disk.source());
        assertEquals(GIB, Files.size(path));
        assertEquals(GIB, disk.virtualSize());
        JsonNode info = kit.info(path, "raw");
        assertFalse(info.has("backing-filename"));
        assertTrue(info.get("actual-size").asLong() < 64 * MIB, "the copy stays sparse: " + info);
        BackendKit.assertStartsWithMarker(BackendKit.head(path, 64));
    }

    @Test
    void theCopyIsIndependentOfTheTemplate() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 16 * MIB), "raw");
        Instance instance = BackendKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");
        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);
        Path path = backend.instanceDirectory(instance).resolve("disk");

        TestImages.patch(path, 0, new byte[] {'g', 'u', 'e', 's', 't'});

        Path base = kit.templates.cachedPath(CacheNames.forImage(imageId));
        BackendKit.assertStartsWithMarker(BackendKit.head(base, 64));
    }

    @Test
    void aGuestWritingAQcow2HeaderCannotChangeHowItsDiskIsOpened() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 16 * MIB), "raw");
        Instance instance = BackendKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");
        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);
        Path path = backend.instanceDirectory(instance).resolve("disk");

        Path evil = kit.files.create("evil.qcow2", "qcow2", GIB);
        TestImages.patch(path, 0, BackendKit.head(evil, 512));

        assertEquals("raw", ((DiskSource.File) backend.disk(instance, "disk").source()).driverFormat());
    }

    @Test
    void resizeGrowsAndRefusesToShrink() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 16 * MIB), "raw");
        InstanceDisk disk = backend.disk(BackendKit.instance(), "disk");
        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);

        disk.resize(3 * GIB);
        assertEquals(3 * GIB, disk.virtualSize());
        NovaException e = assertThrows(NovaException.class, () -> disk.resize(2 * GIB));
        assertEquals("ResizeError", e.pythonClass());
    }

    @Test
    void forceRawOffKeepsAQcow2TemplateAndTheCopyIsQcow2() throws Exception {
        kit = new BackendKit(dir.resolve("no-force"), LibvirtImageOptions.defaults().withImagesType("flat")
                .withForceRawImages(false));
        backend = kit.backend();
        String imageId = kit.importImage(kit.qcow2File("cirros.qcow2", 64 * MIB), "qcow2");
        Instance instance = BackendKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");

        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);

        Path path = backend.instanceDirectory(instance).resolve("disk");
        assertEquals(new DiskSource.File(path, "qcow2"), backend.disk(instance, "disk").source());
        assertEquals(GIB, disk.virtualSize());
        assertFalse(kit.info(path, "qcow2").has("backing-filename"));
    }

    @Test
    void flattenIsANoOpForACopy() throws Exception {
        String imageId = kit.importImage(kit.rawFile("cirros.raw", 16 * MIB), "raw");
        InstanceDisk disk = backend.disk(BackendKit.instance(), "disk");
        kit.templates.root(kit.context, imageId, 1, null).applyTo(disk);
        byte[] before = BackendKit.head(((DiskSource.File) disk.source()).path(), 64);
        disk.flatten();
        assertArrayEquals(before, BackendKit.head(((DiskSource.File) disk.source()).path(), 64));
    }
}
