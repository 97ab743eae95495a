package org.computeworker.worker.virt.libvirt.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImageServer;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.imageserver.RbdStore;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.image.backend.rbd.CephTestCluster;
import org.computeworker.worker.image.backend.rbd.SharedCephCluster;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.support.ComputeHost;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.support.NovaTestObjects;
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
class LibvirtRbdEndToEndTest {
    /** Generous: two cores shared with other builds, and software emulation. */
    private static final Duration OPERATION = Duration.ofSeconds(240);
    private static final Duration BOOT = Duration.ofSeconds(240);
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
    private PrivateLibvirtd daemonA;
    private PrivateLibvirtd daemonB;
    private ImageServer glance;
    private RbdStore glanceStore;
    private ComputeHost hostA;
    private ComputeHost hostB;
    private Conductor conductor;
    private String rootImage;
    private ImageMeta image;
    private Instance instance;
    private GuestConsole.Report firstBoot;
    private String rbdImageId;

    @BeforeAll
    void start(TestBroker broker, CephTestCluster cluster) throws Exception {
        ceph = cluster;
        DeployScripts deploy = DeployScripts.locate();
        long t = System.nanoTime();
        Path guest = deploy.buildGuest(Path.of(System.getProperty("java.io.tmpdir"), "compute-worker-test-guest"));
        work = Files.createTempDirectory("cw-rbd-e2e");
        daemonA = PrivateLibvirtd.start(deploy, "cwba");
        daemonB = PrivateLibvirtd.start(deploy, "cwbb");
        daemonA.defineCephSecret(ceph.userKeyring(), SECRET_UUID);
        daemonB.defineCephSecret(ceph.userKeyring(), SECRET_UUID);
        timings.put("guest build + 2 daemons + secrets", seconds(t));

        t = System.nanoTime();
        // nova clones only what it can see: Glance must show the rbd location (show_multiple_locations)
        ImageServerOptions shown = ImageServerOptions.defaults().withLocationsShown(true, true);
        Path glanceDir = Files.createDirectories(work.resolve("glance"));
        glance = ImageServer.start(glanceDir, 0, shown);
        ImageImporter importer = new ImageImporter(glanceDir, shown);
        String kernel = importer.importFile(ImportRequest.of(guest.resolve("vmlinuz"), "aki", "rbd-e2e-kernel"))
                .get("id").asText();
        String ramdisk = importer.importFile(ImportRequest.of(guest.resolve("initrd.img"), "ari", "rbd-e2e-ramdisk"))
                .get("id").asText();
        glanceStore = new RbdStore("images", ceph.conf.toString(), CephTestCluster.USER);
        ObjectNode root = importer.importFile(ImportRequest.of(guest.resolve("disk.raw"), "raw", "rbd-e2e-root"),
                glanceStore);
        rootImage = root.get("id").asText();
        assertEquals(RbdStore.locationUrl(ceph.fsid, "images", rootImage, RbdStore.SNAPSHOT),
                root.get("direct_url").asText(), "Glance shows where the image lives in Ceph");
        timings.put("images imported (root into Ceph)", seconds(t));
        image = imageMeta(rootImage);
        instance = instance(rootImage, kernel, ramdisk);

        hostA = ComputeHost.start(broker, "hostA", conf(daemonA, "hostA", "127.0.0.2"));
        hostB = ComputeHost.start(broker, "hostB", conf(daemonB, "hostB", "127.0.0.3"));
        conductor = new Conductor(broker);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            // the daemons first: a QEMU still holding the disk open would keep it from being removed
            for (AutoCloseable c : new AutoCloseable[] {conductor, hostA, hostB, glance, daemonA, daemonB}) {
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
        conductor.build("hostA", instance, List.of(), image);
        Instance built = await(hostA, daemonA, i -> "active".equals(i.vmState()) && i.taskState() == null,
                "active");
        timings.put("build to active", seconds(t));
        assertEquals(PowerState.RUNNING.code(), built.powerState());
        firstBoot = awaitUp(hostA, daemonA);
        timings.put("build to marker", seconds(t));
        assertEquals(1, firstBoot.cpus());
        assertEquals(GIB, firstBoot.vdaBytes(), "the guest's vda is the clone, grown to root_gb from 64 MiB");

        JsonNode disk = ceph.rbdJson("info", rootDisk());
        assertEquals(GIB, disk.get("size").asLong());
        assertClonedFromTheImageSnapshot(disk);
        rbdImageId = disk.get("id").asText();
        assertEquals(1.0, rootDisks(hostA, "clone"));
        assertEquals(0.0, rootDisks(hostA, "download"));
        String scraped = hostA.app().registry().scrape();
        assertTrue(scraped.lines().anyMatch(l -> l.startsWith("compute_worker_image_root_disk_total{")
                && l.contains("path=\"clone\"") && l.endsWith(" 1.0")), "what /metrics shows operators:\n" + scraped);
        assertFalse(Files.exists(imageCache("hostA").resolve(CacheNames.forImage(rootImage))),
                "the root image was never downloaded into the image cache");
        assertFalse(Files.exists(instanceDir("hostA").resolve("disk")), "no local root disk");

        String xml = daemonA.virsh("dumpxml", domain());
        assertEquals(new GuestRbdDisk("rbd", rootDisk(), List.of("127.0.0.1:" + ceph.monV1Port()), "raw",
                CephTestCluster.USER, "ceph", SECRET_UUID, "vda"), GuestRbdDisk.of(xml), xml);
    }

    @Test
    @Order(2)
    void resizeToHostBCopiesNothingAndGrowsTheSharedDisk() throws Exception {
        long t = System.nanoTime();
        Instance apiView = hostA.instance(instance.uuid()).orElseThrow().copy();
        apiView.setTaskState("resize_prep");
        Migration m = NovaTestObjects.migration(apiView, "hostA", "hostB", big);
        conductor.prepResize(apiView, big, "hostB", m, List.of(), image);
        Instance atB = await(hostB, daemonB, i -> "resized".equals(i.vmState()) && i.taskState() == null,
                "resized");
        timings.put("prep_resize to resized", seconds(t));
        assertEquals("hostB", atB.host());
        assertEquals(PowerState.RUNNING.code(), atB.powerState());
        GuestConsole.Report grown = awaitUp(hostB, daemonB);
        timings.put("prep_resize to marker on hostB", seconds(t));
        assertEquals(2, grown.cpus());
        assertEquals(2 * GIB, grown.vdaBytes(), "the guest sees the grown RBD disk");
        assertTrue(grown.memTotalKb() > firstBoot.memTotalKb() + 100 * 1024, "MemTotal " + grown.memTotalKb());

        JsonNode disk = ceph.rbdJson("info", rootDisk());
        assertEquals(rbdImageId, disk.get("id").asText(), "the same RBD image, neither copied nor recreated");
        assertEquals(2 * GIB, disk.get("size").asLong());
        assertClonedFromTheImageSnapshot(disk);
        assertFalse(Files.exists(instanceDir("hostB").resolve("disk")), "no disk travelled to hostB");
        assertFalse(Files.exists(instanceDir("hostA").resolveSibling(instance.uuid() + "_resize").resolve("disk")),
                "hostA kept no disk copy for a revert");
        assertEquals(0.0, rootDisks(hostB, "clone") + rootDisks(hostB, "download"), "hostB made no root disk");
        assertFalse(Files.exists(imageCache("hostB").resolve(CacheNames.forImage(rootImage))));
        String xml = daemonB.virsh("dumpxml", domain());
        assertEquals(rootDisk(), GuestRbdDisk.of(xml).name(), xml);
        assertEquals(SECRET_UUID, GuestRbdDisk.of(xml).secretUuid(), xml);

        t = System.nanoTime();
        Migration confirming = hostB.migration(m.uuid()).orElseThrow().copy();
        confirming.setStatus("confirming");
        conductor.compute().confirmResize(Conductor.context(), atB, confirming, true);
        hostA.awaitMigration(m.uuid(), "confirmed", OPERATION);
        timings.put("confirm", seconds(t));
        assertTrue(daemonA.virsh("list", "--all", "--uuid").isBlank(), "hostA forgot the old guest: "
                + daemonA.virsh("list", "--all"));
        assertFalse(Files.exists(instanceDir("hostA").resolveSibling(instance.uuid() + "_resize")));
        assertEquals(rbdImageId, ceph.rbdJson("info", rootDisk()).get("id").asText(),
                "confirm on the source leaves the shared disk alone");
        assertTrue(daemonB.virsh("domstate", domain()).contains("running"), daemonB.diagnostics(domain()));
    }

    @Test
    @Order(3)
    void stopThenStartBootsTheGuestFromTheSameDiskAgain() throws Exception {
        long t = System.nanoTime();
        Instance stopping = hostB.instance(instance.uuid()).orElseThrow().copy();
        stopping.setTaskState("powering-off");
        conductor.compute().stopInstance(Conductor.context(), stopping, true, true);
        Instance stopped = await(hostB, daemonB, i -> "stopped".equals(i.vmState()) && i.taskState() == null,
                "stopped");
        timings.put("stop", seconds(t));
        assertEquals(PowerState.SHUTDOWN.code(), stopped.powerState());
        assertTrue(GuestConsole.text(console(hostB)).contains(GuestConsole.POWEROFF), "a clean (ACPI) shutdown");

        t = System.nanoTime();
        Instance starting = stopped.copy();
        starting.setTaskState("powering-on");
        conductor.compute().startInstance(Conductor.context(), starting);
        Instance started = await(hostB, daemonB, i -> "active".equals(i.vmState()) && i.taskState() == null,
                "active again");
        assertEquals(PowerState.RUNNING.code(), started.powerState());
        GuestConsole.Report again = awaitUp(hostB, daemonB);
        timings.put("start to marker", seconds(t));
        assertEquals(2, again.cpus());
        assertEquals(2 * GIB, again.vdaBytes());
        assertEquals(rbdImageId, ceph.rbdJson("info", rootDisk()).get("id").asText(), "a hard reboot reuses it");
        assertEquals(0.0, rootDisks(hostB, "clone") + rootDisks(hostB, "download"));
    }

    @Test
    @Order(4)
    void aResizeRevertedOnTheDestinationKeepsTheSharedDisk() throws Exception {
        long t = System.nanoTime();
        Instance apiView = hostB.instance(instance.uuid()).orElseThrow().copy();
        apiView.setTaskState("resize_prep");
        Migration m = NovaTestObjects.migration(apiView, "hostB", "hostA", narrow);
        conductor.prepResize(apiView, narrow, "hostA", m, List.of(), image);
        Instance atA = await(hostA, daemonA, i -> "resized".equals(i.vmState()) && i.taskState() == null,
                "resized on hostA");
        assertEquals(1, awaitUp(hostA, daemonA).cpus());
        timings.put("second resize to marker on hostA", seconds(t));

        t = System.nanoTime();
        Instance reverting = atA.copy();
        reverting.setTaskState("resize_reverting");
        Migration mReverting = hostA.migration(m.uuid()).orElseThrow().copy();
        mReverting.setStatus("reverting");
        conductor.compute().revertResize(Conductor.context(), reverting, mReverting, NovaTestObjects.requestSpec());
        Instance back = await(hostB, daemonB, i -> "active".equals(i.vmState()) && i.taskState() == null
                && "hostB".equals(i.host()), "active on hostB again");
        assertEquals(PowerState.RUNNING.code(), back.powerState());
        GuestConsole.Report again = awaitUp(hostB, daemonB);
        timings.put("revert to marker on hostB", seconds(t));
        assertEquals(2, again.cpus(), "the old flavor again");
        assertEquals(rbdImageId, ceph.rbdJson("info", rootDisk()).get("id").asText(),
                "revert_resize on the destination must not remove the disk both hosts share");
        assertTrue(daemonA.virsh("list", "--all", "--uuid").isBlank(), "hostA destroyed its guest: "
                + daemonA.virsh("list", "--all"));
    }

    private void assertClonedFromTheImageSnapshot(JsonNode disk) {
        JsonNode parent = disk.path("parent");
        assertEquals("images", parent.path("pool").asText(), disk.toString());
        assertEquals(rootImage, parent.path("image").asText(), disk.toString());
        assertEquals(RbdStore.SNAPSHOT, parent.path("snapshot").asText(), disk.toString());
    }

    private String[] conf(PrivateLibvirtd daemon, String host, String myIp) throws Exception {
        Path root = work.resolve(host);
        Files.createDirectories(root.resolve("instances"));
        Path other = work.resolve("hostA".equals(host) ? "hostB" : "hostA");
        String otherIp = "127.0.0.2".equals(myIp) ? "127.0.0.3" : "127.0.0.2";
        String otherHost = "hostA".equals(host) ? "hostB" : "hostA";
        return new String[] {
            "[DEFAULT]",
            "compute_driver = libvirt.LibvirtDriver",
            "instances_path = " + root.resolve("instances"),
            "my_ip = " + myIp,
            "[libvirt]",
            "connection_uri = " + daemon.uri(),
            "virt_type = qemu",
            "images_type = rbd",
            "images_rbd_pool = " + POOL,
            "images_rbd_ceph_conf = " + ceph.conf,
            "rbd_user = " + CephTestCluster.USER,
            "rbd_secret_uuid = " + SECRET_UUID,
            "[glance]",
            "api_servers = " + glance.baseUrl(),
            "[compute_worker]",
            "libvirt_running_timeout = " + BOOT.toSeconds(),
            // the instance directories (console, kernel, ramdisk) are still per host; nothing else travels
            "local_copy_host_roots = " + String.join(", ", host + "=" + root, myIp + "=" + root,
                    otherHost + "=" + other, otherIp + "=" + other),
        };
    }

    /** The image dict nova's API hands to build_and_run_instance and prep_resize. */
    private static ImageMeta imageMeta(String id) {
        ObjectNode dict = Json.object();
        dict.put("id", id);
        dict.put("name", "rbd-e2e-root");
        dict.put("status", "active");
        dict.put("disk_format", "raw");
        dict.put("container_format", "bare");
        dict.put("min_disk", 0);
        dict.put("min_ram", 0);
        dict.putObject("properties");
        return ImageMeta.from(dict);
    }

    /** The instance as the API creates it: booting the raw {@code rootId} with a kernel and ramdisk of their own. */
    private Instance instance(String rootId, String kernelId, String ramdiskId) {
        Instance i = NovaTestObjects.instance("hostA", "building", "scheduling", small);
        i.setField("image_ref", TextNode.valueOf(rootId));
        i.setField("kernel_id", TextNode.valueOf(kernelId));
        i.setField("ramdisk_id", TextNode.valueOf(ramdiskId));
        ObjectNode sys = Json.object();
        sys.put("image_base_image_ref", rootId);
        sys.put("image_disk_format", "raw");
        sys.put("image_container_format", "bare");
        sys.put("image_min_disk", "0");
        sys.put("image_min_ram", "0");
        sys.put("owner_user_name", "demo");
        sys.put("owner_project_name", "demo");
        i.setField("system_metadata", sys);
        i.resetChanges();
        return i;
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

    private static double rootDisks(ComputeHost host, String path) {
        Counter c = host.app().registry().find("compute_worker.image.root_disk").tag("path", path).counter();
        return c == null ? 0 : c.count();
    }

    /** Waits for {@code condition}; an instance in vm_state error fails at once, with its faults. */
    private Instance await(ComputeHost host, PrivateLibvirtd daemon, Predicate<Instance> condition, String what)
            throws Exception {
        Instance seen;
        try {
            seen = host.awaitInstance(instance.uuid(), condition.or(i -> "error".equals(i.vmState())), what,
                    OPERATION);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + daemon.diagnostics(domain()), e);
        }
        if (!condition.test(seen)) {
            throw new AssertionError(host.name() + ": instance " + instance.uuid() + " went to error instead of "
                    + what + "; faults: " + host.services().faults().forInstance(instance.uuid()) + "\n"
                    + daemon.diagnostics(domain()));
        }
        return seen;
    }

    /** Waits for the marker of a fresh boot (the console is rewritten at every start). */
    private GuestConsole.Report awaitUp(ComputeHost host, PrivateLibvirtd daemon) throws Exception {
        try {
            return GuestConsole.awaitUp(console(host), BOOT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + daemon.diagnostics(domain()), e);
        }
    }

    private String rootDisk() {
        return POOL + "/" + instance.uuid() + "_disk";
    }

    private Path console(ComputeHost host) {
        return instanceDir(host.name()).resolve("console.log");
    }

    private Path instanceDir(String host) {
        return work.resolve(host).resolve("instances").resolve(instance.uuid());
    }

    private Path imageCache(String host) {
        return work.resolve(host).resolve("instances").resolve("_base");
    }

    private String domain() {
        return String.format("instance-%08x", instance.id());
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}
