package org.computeworker.worker.image.backend.rbd;

import static org.computeworker.worker.image.backend.rbd.RbdTestKit.GIB;
import static org.computeworker.worker.image.backend.rbd.RbdTestKit.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.backend.DiskSource;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.service.RbdLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * One RBD disk's own operations on a real single-node Ceph: cloning and its refusals, removal with snapshots,
 * generated (ephemeral, swap) disks, what guests are told, and the capacity reported.
 */
@Tag("ceph")
class RbdDiskCephTest extends RbdOnCephTestBase {
    @Test
    void cloneFromAloneGrowsTheCloneToTheInstancesRootGb() throws IOException {
        Path raw = kit.rawWithBlocks("direct.raw", IMAGE_SIZE, BLOCKS);
        String imageId = kit.importImage(raw, "raw", true);
        String url = "rbd://" + ceph.fsid + "/images/" + imageId + "/snap";
        InstanceDisk disk = backend.disk(RbdTestKit.instance(UUID.randomUUID().toString(), 2), "disk");

        disk.cloneFrom(kit.context, imageId, "raw", List.of("file:///elsewhere", url));

        assertEquals(2 * GIB, disk.virtualSize());
        disk.remove();
    }

    @Test
    void onlyProtectedSnapshotsOfThisClusterThatFitTheFlavorAreCloned() {
        RbdDriver driver = backend.driver();
        String big = "big-" + UUID.randomUUID();
        driver.create("images", big, GIB + 4 * MIB); // sparse: costs nothing
        driver.createSnapshot("images", big, "snap", true);
        String unprotected = "unprotected-" + UUID.randomUUID();
        driver.create("images", unprotected, 4 * MIB);
        driver.createSnapshot("images", unprotected, "snap", false);
        InstanceDisk disk = backend.disk(RbdTestKit.instance(UUID.randomUUID().toString(), 1), "disk");
        try {
            NovaException tooBig = assertThrows(NovaException.class, () -> disk.cloneFrom(kit.context, big, "raw",
                    List.of("rbd://" + ceph.fsid + "/images/" + big + "/snap")));
            assertEquals("FlavorDiskSmallerThanImage", tooBig.pythonClass());
            assertFalse(disk.exists(), "the refused clone is removed again");

            for (String url : List.of("rbd://" + ceph.fsid + "/images/" + unprotected + "/snap",
                    "rbd://" + ceph.fsid + "/images/missing/snap", "rbd://" + ceph.fsid + "/nopool/x/snap",
                    "rbd://" + ceph.fsid + "/images/" + big, "http://glance/v2/images/x/file")) {
                NovaException refused = assertThrows(NovaException.class,
                        () -> disk.cloneFrom(kit.context, big, "raw", List.of(url)), url);
                assertEquals("Image " + big + " is unacceptable: No image locations are accessible",
                        refused.getMessage());
            }
            NovaException qcow2 = assertThrows(NovaException.class, () -> disk.cloneFrom(kit.context, big,
                    "qcow2", List.of("rbd://" + ceph.fsid + "/images/" + big + "/snap")));
            assertEquals("Image " + big + " is unacceptable: Image is not raw format", qcow2.getMessage());
            assertFalse(disk.exists());
        } finally {
            driver.remove("images", big);
            driver.remove("images", unprotected);
        }
        assertFalse(driver.exists("images", big));
    }

    @Test
    void anImageWhoseSnapshotHasClonesStaysAndSaysSoAtOnce() {
        RbdDriver driver = backend.driver();
        String parent = "parent-" + UUID.randomUUID();
        String child = "child-" + UUID.randomUUID();
        driver.create("images", parent, 4 * MIB);
        driver.createSnapshot("images", parent, "snap", true);
        driver.clone(new RbdLocation(ceph.fsid, "images", parent, "snap"), "vms", child);

        long start = System.nanoTime();
        CephException busy = assertThrows(CephException.class, () -> driver.remove("images", parent));
        assertEquals(CephException.EBUSY, busy.errno(), busy.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "not retried: clones do not go away");
        assertTrue(driver.exists("images", parent, "snap"));

        driver.remove("vms", child);
        driver.remove("images", parent);
        assertFalse(driver.exists("images", parent));
    }

    @Test
    void ephemeralAndSwapDisksAreImportedFromTheirGeneratedTemplates() {
        Instance instance = RbdTestKit.instance();
        InstanceDisk local = backend.disk(instance, "disk.local");
        InstanceDisk swap = backend.disk(instance, "disk.swap");
        kit.templates.ephemeral(1, "linux", null, "ephemeral0").applyTo(local);
        kit.templates.swap(64).applyTo(swap);
        assertEquals(GIB, local.virtualSize());
        assertEquals(64 * MIB, swap.virtualSize());
        assertTrue(backend.driver().exists("vms", instance.uuid() + "_disk.local"));
        local.remove();
        swap.remove();
    }

    @Test
    void guestsAreToldThePoolImageMonitorsAndCephxSecret() throws IOException {
        InstanceDisk disk = backend.disk(RbdTestKit.instance(), "disk");
        DiskSource.Rbd source = (DiskSource.Rbd) disk.source();
        String v1Port = Files.readAllLines(ceph.dir.resolve("ports")).stream()
                .filter(l -> l.startsWith("MON_V1_PORT=")).findFirst().orElseThrow().substring(12);
        assertEquals("vms", source.pool());
        assertEquals(((RbdDisk) disk).rbdName(), source.image());
        assertEquals(List.of("127.0.0.1"), source.monitorHosts());
        assertEquals(List.of(v1Port), source.monitorPorts());
        assertEquals("openstack", source.user());
        assertEquals("5d6e1b3a-39d8-4d3e-8a53-0a1b2c3d4e5f", source.secretUuid());
        assertTrue(disk.isSharedBlockStorage());
    }

    @Test
    void capacityIsThePoolsMaxAvailOfTheClustersTotal() {
        long total = backend.totalBytes();
        long available = backend.availableBytes();
        assertTrue(total >= 10 * GIB, "total " + total);
        assertTrue(available > 0 && available <= total, "available " + available + " of " + total);
        assertEquals(ceph.fsid, backend.driver().fsid());
    }
}
