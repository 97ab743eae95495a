package org.computeworker.worker.image.backend.rbd;

import static org.computeworker.worker.image.backend.rbd.RbdTestKit.GIB;
import static org.computeworker.worker.image.backend.rbd.RbdTestKit.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.backend.RootDiskPreparer;
import org.computeworker.worker.image.backend.RootDiskPreparer.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Root disks on a real single-node Ceph: cloned inside the cluster when the image is a raw snapshot there, else
 * downloaded once per host, converted to raw and imported; never downloaded when the workaround forbids it.
 */
@Tag("ceph")
class RbdRootDiskCephTest extends RbdOnCephTestBase {
    @Test
    void rawImageInThisClusterIsClonedFromItsSnapshotAndGrownToTheFlavor() throws IOException {
        Path raw = kit.rawWithBlocks("cloned.raw", IMAGE_SIZE, BLOCKS);
        String imageId = kit.importImage(raw, "raw", true);
        Instance instance = RbdTestKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");
        int downloadsBefore = kit.images.downloads();
        double clonesBefore = kit.rootDisks("clone");

        assertEquals(Outcome.CLONED, new RootDiskPreparer(kit.images).prepare(kit.context, disk, imageId,
                kit.root(imageId, 1)));

        String name = instance.uuid() + "_disk";
        JsonNode info = ceph.rbdJson("info", "vms/" + name);
        assertEquals("images", info.path("parent").path("pool").asText(), info.toString());
        assertEquals(imageId, info.path("parent").path("image").asText());
        assertEquals("snap", info.path("parent").path("snapshot").asText());
        assertEquals(GIB, info.path("size").asLong());
        assertEquals(GIB, disk.virtualSize());
        assertEquals(downloadsBefore, kit.images.downloads(), "a cloned image is never downloaded");
        assertEquals(clonesBefore + 1, kit.rootDisks("clone"));
        RbdTestKit.assertSameBlocks(raw, backend.driver(), "vms", name, BLOCKS);

        disk.flatten();
        assertTrue(ceph.rbdJson("info", "vms/" + name).path("parent").isMissingNode(), "flattened: no parent");
        RbdTestKit.assertSameBlocks(raw, backend.driver(), "vms", name, BLOCKS);
        disk.flatten(); // already flat: nothing to do

        disk.remove();
        assertFalse(disk.exists());
        disk.remove(); // a missing disk is not an error
    }

    @Test
    void qcow2ImageIsDownloadedConvertedImportedSparselyAndGrown() throws IOException {
        Path raw = kit.rawWithBlocks("fallback.raw", IMAGE_SIZE, BLOCKS);
        String imageId = kit.importImage(kit.qcow2Of(raw, "fallback.qcow2"), "qcow2", false);
        Instance instance = RbdTestKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");
        int downloadsBefore = kit.images.downloads();
        double downloadedBefore = kit.rootDisks("download");

        assertEquals(Outcome.DOWNLOADED, new RootDiskPreparer(kit.images).prepare(kit.context, disk, imageId,
                kit.root(imageId, 1)));

        String name = instance.uuid() + "_disk";
        JsonNode info = ceph.rbdJson("info", "vms/" + name);
        assertTrue(info.path("parent").isMissingNode(), "an imported disk has no parent: " + info);
        assertEquals(2, info.path("format").asInt());
        assertTrue(info.path("features").toString().contains("layering"), info.toString());
        assertEquals(GIB, info.path("size").asLong());
        assertEquals(downloadsBefore + 1, kit.images.downloads());
        assertEquals(downloadedBefore + 1, kit.rootDisks("download"));
        RbdTestKit.assertSameBlocks(raw, backend.driver(), "vms", name, BLOCKS);
        // 4 blocks in 4 different 4 MiB objects: the zeros in between were never written
        long used = ceph.rbdJson("du", "vms/" + name).path("images").get(0).path("used_size").asLong();
        assertTrue(used <= 16 * MIB, "import kept the image sparse, used " + used);
        assertFalse(backend.driver().exists("vms", name + TemplateImport.IMPORTING_SUFFIX));

        // a second spawn step on the existing disk fetches nothing and only catches up with a bigger flavor
        assertEquals(Outcome.EXISTED, new RootDiskPreparer(kit.images).prepare(kit.context, disk, imageId,
                kit.root(imageId, 2)));
        assertEquals(2 * GIB, disk.virtualSize());
        assertEquals(downloadsBefore + 1, kit.images.downloads());
        assertEquals("ResizeError", assertThrows(NovaException.class, () -> disk.resize(GIB)).pythonClass());
        disk.remove();
    }

    @Test
    void rawImageWhoseLocationIsInAnotherClusterIsDownloaded() throws IOException {
        Path raw = kit.rawWithBlocks("elsewhere.raw", IMAGE_SIZE, BLOCKS);
        String imageId = kit.importImage(raw, "raw", true);
        Path doc = kit.imagesDir.resolve(imageId + ".json");
        Files.writeString(doc, Files.readString(doc).replace(ceph.fsid, "00000000-1111-4222-8333-444444444444"));
        Instance instance = RbdTestKit.instance();
        InstanceDisk disk = backend.disk(instance, "disk");

        assertEquals(Outcome.DOWNLOADED, new RootDiskPreparer(kit.images).prepare(kit.context, disk, imageId,
                kit.root(imageId, 1)));
        RbdTestKit.assertSameBlocks(raw, backend.driver(), "vms", instance.uuid() + "_disk", BLOCKS);
        disk.remove();
    }

    @Test
    void eightConcurrentSpawnsOfOneUncachedImageDownloadItOnce() throws Exception {
        Path raw = kit.rawWithBlocks("shared.raw", IMAGE_SIZE, BLOCKS);
        String imageId = kit.importImage(kit.qcow2Of(raw, "shared.qcow2"), "qcow2", false);
        int downloadsBefore = kit.images.downloads();
        kit.images.slowDownloadsBy(Duration.ofMillis(500)); // everyone arrives while the first download runs
        List<InstanceDisk> disks = new ArrayList<>();
        List<Future<Outcome>> outcomes = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 8; i++) {
                InstanceDisk disk = backend.disk(RbdTestKit.instance(), "disk");
                disks.add(disk);
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return new RootDiskPreparer(kit.images).prepare(kit.context, disk, imageId, kit.root(imageId, 1));
                }));
            }
            go.countDown();
            for (Future<Outcome> outcome : outcomes) {
                assertEquals(Outcome.DOWNLOADED, outcome.get(5, TimeUnit.MINUTES));
            }
        } finally {
            kit.images.slowDownloadsBy(Duration.ZERO);
            pool.shutdownNow();
        }
        assertEquals(downloadsBefore + 1, kit.images.downloads(), "one download for 8 spawns");
        for (InstanceDisk disk : disks) {
            RbdTestKit.assertSameBlocks(raw, backend.driver(), "vms", ((RbdDisk) disk).rbdName(), BLOCKS);
            assertEquals(GIB, disk.virtualSize());
            disk.remove();
        }
    }

    @Test
    void neverDownloadImageIfOnRbdRefusesTheFallback() throws IOException {
        Path raw = kit.rawWithBlocks("refused.raw", IMAGE_SIZE, BLOCKS);
        String imageId = kit.importImage(kit.qcow2Of(raw, "refused.qcow2"), "qcow2", false);
        int downloadsBefore = kit.images.downloads();
        try (RbdBackend strict = kit.backend(ceph.options("vms").withNeverDownloadImageIfOnRbd(true))) {
            InstanceDisk disk = strict.disk(RbdTestKit.instance(), "disk");

            NovaException refused = assertThrows(NovaException.class, () -> new RootDiskPreparer(kit.images)
                    .prepare(kit.context, disk, imageId, kit.root(imageId, 1)));
            assertEquals("ImageUnacceptable", refused.pythonClass());
            assertTrue(refused.getMessage().contains("Image is not raw format"), refused.getMessage());
            // and the disk itself refuses a caller that skips the clone and asks for the download directly
            NovaException direct = assertThrows(NovaException.class, () -> kit.root(imageId, 1).applyTo(disk));
            assertEquals("ImageUnacceptable", direct.pythonClass());

            assertEquals(downloadsBefore, kit.images.downloads());
            assertFalse(disk.exists());
        }
    }
}
