package org.computeworker.worker.virt.libvirt.e2e;

import static org.computeworker.worker.virt.libvirt.e2e.DirectKernelBootGuest.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImageServer;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.imageserver.RbdStore;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.image.backend.rbd.CephTestCluster;
import org.computeworker.worker.image.backend.rbd.SharedCephCluster;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.virt.PowerState;
import org.computeworker.worker.virt.libvirt.DeployScripts;
import org.computeworker.worker.virt.libvirt.GuestConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guests whose root disk is a real RBD image: two in-process workers (hostA, hostB) with
 * {@code compute_driver = libvirt.LibvirtDriver} and {@code images_type = rbd} on one Ceph (the run's shared
 * cluster), each on its own private libvirtd holding the ceph secret QEMU opens the disk with, and a raw image that
 * the in-process Glance stores in the {@code images} pool as Glance's rbd store does (protected snapshot, rbd://
 * location shown). Driven over RPC as nova's conductor would: build (a clone, never a download), resize across
 * flavors to the other host (nothing copied, the same RBD image grown), confirm, stop and start, and a resize back
 * that is reverted (the destination must leave the shared disk alone).
 */
@ExtendWith({RabbitBrokerExtension.class, SharedCephCluster.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("ceph")
class LibvirtRbdEndToEndTest {
    private static final long GIB = 1L << 30;
    /** nova.conf's rbd_secret_uuid: one secret UUID for every host, as a resized guest names it on the other. */
    private static final String SECRET_UUID = "7b1f0c52-6f5e-4a8e-9d3c-2e4a6b8c0d1e";
    private static final String POOL = "vms";
    private final Flavor small = Flavor.create(21, "rbd.small", 256, 1, 1, 0, 0);
    private final Flavor big = Flavor.create(22, "rbd.big", 384, 2, 2, 0, 0);
    /** Same root_gb as big: a revert leaves the disk at the size it was grown to (no nova-resize snapshot). */
    private final Flavor narrow = Flavor.create(23, "rbd.narrow", 320, 1, 2, 0, 0);
    private final Map<String, String> timings = new LinkedHashMap<>();
    private CephTestCluster ceph;
    private Path work;
    private LibvirtWorkerHost hostA;
    private LibvirtWorkerHost hostB;
    private ImageServer glance;
    private RbdStore glanceStore;
    private Conductor conductor;
    private String rootImage;
    private DirectKernelBootGuest guest;
    private Instance instance;
    private GuestConsole.Report firstBoot;
    private String rbdImageId;

    @BeforeAll
    void start(TestBroker broker, CephTestCluster cluster) throws Exception {
        ceph = cluster;
        DeployScripts deploy = DeployScripts.locate();
        long t = System.nanoTime();
        Path guestFiles = deploy.buildGuest(Path.of(System.getProperty("java.io.tmpdir"), "compute-worker-test-guest"));
        work = Files.createTempDirectory("cw-rbd-e2e");
        hostA = LibvirtWorkerHost.startDaemon(deploy, "cwba", work, "hostA", "127.0.0.2");
        hostB = LibvirtWorkerHost.startDaemon(deploy, "cwbb", work, "hostB", "127.0.0.3");
        hostA.daemon().defineCephSecret(ceph.userKeyring(), SECRET_UUID);
        hostB.daemon().defineCephSecret(ceph.userKeyring(), SECRET_UUID);
        timings.put("guest build + 2 daemons + secrets", seconds(t));

        t = System.nanoTime();
        // nova clones only what it can see: Glance must show the rbd location (show_multiple_locations)
        ImageServerOptions shown = ImageServerOptions.defaults().withLocationsShown(true, true);
        Path glanceDir = Files.createDirectories(work.resolve("glance"));
        glance = ImageServer.start(glanceDir, 0, shown);
        ImageImporter importer = new ImageImporter(glanceDir, shown);
        glanceStore = new RbdStore("images", ceph.conf.toString(), CephTestCluster.USER);
        ObjectNode root = importer.importFile(ImportRequest.of(guestFiles.resolve("disk.raw"), "raw", "rbd-e2e-root"),
                glanceStore);
        rootImage = root.get("id").asText();
        assertEquals(RbdStore.locationUrl(ceph.fsid, "images", rootImage, RbdStore.SNAPSHOT),
                root.get("direct_url").asText(), "Glance shows where the image lives in Ceph");
        conductor = new Conductor(broker);
        guest = DirectKernelBootGuest.create(conductor, small, importer, guestFiles, "rbd-e2e", rootImage, "raw");
        instance = guest.instance();
        timings.put("images imported (root into Ceph)", seconds(t));

        hostA.startWorker(broker, hostB, glance, rbdOptions());
        hostB.startWorker(broker, hostA, glance, rbdOptions());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            // the hosts and their daemons first: a QEMU still holding the disk open would keep it from being removed
            for (AutoCloseable c : new AutoCloseable[] {conductor, hostA, hostB, glance}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            try {
                removeFromCeph(); // the cluster serves the rest of the run
            } finally {
                if (work != null) {
                    PrivateLibvirtd.deleteTree(work);
                }
                System.out.println("libvirt RBD end-to-end timings (s): " + timings);
            }
        }
    }

    @Test
    @Order(1)
    void buildAndRunInstanceBootsAGuestFromAnRbdCloneOfTheImage() throws Exception {
        long t = System.nanoTime();
        guest.buildOn(hostA);
        Instance built = hostA.awaitSettled(instance, "active");
        timings.put("build to active", seconds(t));
        assertEquals(PowerState.RUNNING.code(), built.powerState());
        firstBoot = hostA.awaitUp(instance);
        timings.put("build to marker", seconds(t));
        assertEquals(1, firstBoot.cpus());
        assertEquals(GIB, firstBoot.vdaBytes(), "the guest's vda is the clone, grown to root_gb from 64 MiB");

        JsonNode disk = ceph.rbdJson("info", rootDisk());
        assertEquals(GIB, disk.get("size").asLong());
        assertClonedFromTheImageSnapshot(disk);
        rbdImageId = disk.get("id").asText();
        assertEquals(1.0, rootDisks(hostA, "clone"));
        assertEquals(0.0, rootDisks(hostA, "download"));
        String scraped = hostA.worker().app().registry().scrape();
        assertTrue(scraped.lines().anyMatch(l -> l.startsWith("compute_worker_image_root_disk_total{")
                && l.contains("path=\"clone\"") && l.endsWith(" 1.0")), "what /metrics shows operators:\n" + scraped);
        assertFalse(Files.exists(hostA.imageCache().resolve(CacheNames.forImage(rootImage))),
                "the root image was never downloaded into the image cache");
        assertFalse(Files.exists(hostA.instanceDir(instance).resolve("disk")), "no local root disk");

        String xml = hostA.virshOnDomain("dumpxml", instance);
        assertEquals(new GuestRbdDisk("rbd", rootDisk(), List.of("127.0.0.1:" + ceph.monV1Port()), "raw",
                CephTestCluster.USER, "ceph", SECRET_UUID, "vda"), GuestRbdDisk.of(xml), xml);
    }

    @Test
    @Order(2)
    void resizeToHostBCopiesNothingAndGrowsTheSharedDisk() throws Exception {
        long t = System.nanoTime();
        Migration m = guest.prepResize(hostA, hostB, big);
        Instance atB = hostB.awaitSettled(instance, "resized");
        timings.put("prep_resize to resized", seconds(t));
        assertEquals("hostB", atB.host());
        assertEquals(PowerState.RUNNING.code(), atB.powerState());
        GuestConsole.Report grown = hostB.awaitUp(instance);
        timings.put("prep_resize to marker on hostB", seconds(t));
        assertEquals(2, grown.cpus());
        assertEquals(2 * GIB, grown.vdaBytes(), "the guest sees the grown RBD disk");
        assertTrue(grown.memTotalKb() > firstBoot.memTotalKb() + 100 * 1024, "MemTotal " + grown.memTotalKb());

        JsonNode disk = ceph.rbdJson("info", rootDisk());
        assertEquals(rbdImageId, disk.get("id").asText(), "the same RBD image, neither copied nor recreated");
        assertEquals(2 * GIB, disk.get("size").asLong());
        assertClonedFromTheImageSnapshot(disk);
        assertFalse(Files.exists(hostB.instanceDir(instance).resolve("disk")), "no disk travelled to hostB");
        assertFalse(Files.exists(hostA.instanceDir(instance).resolveSibling(instance.uuid() + "_resize")
                .resolve("disk")), "hostA kept no disk copy for a revert");
        assertEquals(0.0, rootDisks(hostB, "clone") + rootDisks(hostB, "download"), "hostB made no root disk");
        assertFalse(Files.exists(hostB.imageCache().resolve(CacheNames.forImage(rootImage))));
        String xml = hostB.virshOnDomain("dumpxml", instance);
        assertEquals(rootDisk(), GuestRbdDisk.of(xml).name(), xml);
        assertEquals(SECRET_UUID, GuestRbdDisk.of(xml).secretUuid(), xml);

        t = System.nanoTime();
        guest.confirmResize(hostB, atB, m);
        hostA.awaitMigration(m, "confirmed");
        timings.put("confirm", seconds(t));
        hostA.assertNoDomains("hostA forgot the old guest");
        assertFalse(Files.exists(hostA.instanceDir(instance).resolveSibling(instance.uuid() + "_resize")));
        assertEquals(rbdImageId, ceph.rbdJson("info", rootDisk()).get("id").asText(),
                "confirm on the source leaves the shared disk alone");
        assertTrue(hostB.virshOnDomain("domstate", instance).contains("running"), hostB.diagnostics(instance));
    }

    @Test
    @Order(3)
    void stopThenStartBootsTheGuestFromTheSameDiskAgain() throws Exception {
        GuestConsole.Report again = guest.stopThenStart(hostB, timings);
        assertEquals(2, again.cpus());
        assertEquals(2 * GIB, again.vdaBytes());
        assertEquals(rbdImageId, ceph.rbdJson("info", rootDisk()).get("id").asText(), "a hard reboot reuses it");
        assertEquals(0.0, rootDisks(hostB, "clone") + rootDisks(hostB, "download"));
    }

    @Test
    @Order(4)
    void aResizeRevertedOnTheDestinationKeepsTheSharedDisk() throws Exception {
        long t = System.nanoTime();
        Migration m = guest.prepResize(hostB, hostA, narrow);
        Instance atA = hostA.awaitSettled(instance, "resized");
        assertEquals(1, hostA.awaitUp(instance).cpus());
        timings.put("second resize to marker on hostA", seconds(t));

        t = System.nanoTime();
        guest.revertResize(hostA, atA, m);
        Instance back = hostB.await(instance, i -> "active".equals(i.vmState()) && i.taskState() == null
                && "hostB".equals(i.host()), "active on hostB again");
        assertEquals(PowerState.RUNNING.code(), back.powerState());
        GuestConsole.Report again = hostB.awaitUp(instance);
        timings.put("revert to marker on hostB", seconds(t));
        assertEquals(2, again.cpus(), "the old flavor again");
        assertEquals(rbdImageId, ceph.rbdJson("info", rootDisk()).get("id").asText(),
                "revert_resize on the destination must not remove the disk both hosts share");
        hostA.assertNoDomains("hostA destroyed its guest");
    }

    private void assertClonedFromTheImageSnapshot(JsonNode disk) {
        JsonNode parent = disk.path("parent");
        assertEquals("images", parent.path("pool").asText(), disk.toString());
        assertEquals(rootImage, parent.path("image").asText(), disk.toString());
        assertEquals(RbdStore.SNAPSHOT, parent.path("snapshot").asText(), disk.toString());
    }

    /** What {@code [libvirt]} adds for RBD root disks: the pool, how to reach the cluster, the libvirt secret. */
    private String[] rbdOptions() {
        return new String[] {
            "images_type = rbd",
            "images_rbd_pool = " + POOL,
            "images_rbd_ceph_conf = " + ceph.conf,
            "rbd_user = " + CephTestCluster.USER,
            "rbd_secret_uuid = " + SECRET_UUID,
        };
    }

    /** The instance's disk and the image (with its snapshot), if this run got as far as making them. */
    private void removeFromCeph() {
        if (ceph == null) {
            return;
        }
        if (instance != null && ceph.rbd("ls", POOL).lines().anyMatch((instance.uuid() + "_disk")::equals)) {
            ceph.rbd("rm", "--no-progress", rootDisk());
        }
        if (rootImage != null) {
            glanceStore.remove(rootImage);
        }
    }

    private static double rootDisks(LibvirtWorkerHost host, String path) {
        Counter c = host.worker().app().registry().find("compute_worker.image.root_disk").tag("path", path).counter();
        return c == null ? 0 : c.count();
    }

    private String rootDisk() {
        return POOL + "/" + instance.uuid() + "_disk";
    }
}
