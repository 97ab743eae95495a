package org.computeworker.worker.virt.libvirt.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
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
 * Two in-process workers, hostA and hostB, each with {@code compute_driver = libvirt.LibvirtDriver} on its own
 * private libvirtd (one daemon would give both hosts the same domain for the instance during a resize), images from
 * the in-process Glance, and disks travelling between their instances paths through the local disk copier.
 * Driven over RPC as nova's conductor would: build, resize with confirm, stop and start, and an out-of-band power
 * off that the lifecycle events record. The steps build on each other; each boot of the TCG guest takes seconds.
 */
@ExtendWith(RabbitBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibvirtRpcEndToEndTest {
    /** Generous: two cores shared with other builds, and software emulation. */
    private static final Duration OPERATION = Duration.ofSeconds(240);
    private static final Duration BOOT = Duration.ofSeconds(240);
    private static final long GIB = 1L << 30;
    private final Flavor small = Flavor.create(11, "e2e.small", 256, 1, 1, 0, 0);
    private final Flavor big = Flavor.create(12, "e2e.big", 384, 2, 2, 0, 0);
    private final Map<String, String> timings = new LinkedHashMap<>();
    private Path work;
    private PrivateLibvirtd daemonA;
    private PrivateLibvirtd daemonB;
    private ImageServer glance;
    private ComputeHost hostA;
    private ComputeHost hostB;
    private Conductor conductor;
    private ImageMeta image;
    private Instance instance;
    private GuestConsole.Report firstBoot;

    @BeforeAll
    void start(TestBroker broker) throws Exception {
        DeployScripts deploy = DeployScripts.locate();
        long t = System.nanoTime();
        Path guest = deploy.buildGuest(Path.of(System.getProperty("java.io.tmpdir"), "compute-worker-test-guest"));
        work = Files.createTempDirectory("cw-rpc-e2e");
        daemonA = PrivateLibvirtd.start(deploy, "cwra");
        daemonB = PrivateLibvirtd.start(deploy, "cwrb");
        timings.put("guest build + 2 daemons", seconds(t));
        glance = ImageServer.start(Files.createDirectories(work.resolve("glance")), 0, ImageServerOptions.defaults());
        ImageImporter importer = new ImageImporter(work.resolve("glance"), ImageServerOptions.defaults());
        String kernel = importer.importFile(ImportRequest.of(guest.resolve("vmlinuz"), "aki", "e2e-kernel"))
                .get("id").asText();
        String ramdisk = importer.importFile(ImportRequest.of(guest.resolve("initrd.img"), "ari", "e2e-ramdisk"))
                .get("id").asText();
        String root = importer.importFile(ImportRequest.of(guest.resolve("disk.qcow2"), "qcow2", "e2e-root"))
                .get("id").asText();
        image = imageMeta(root);
        instance = instance(root, kernel, ramdisk);
        hostA = ComputeHost.start(broker, "hostA", conf(daemonA, "hostA", "127.0.0.2"));
        hostB = ComputeHost.start(broker, "hostB", conf(daemonB, "hostB", "127.0.0.3"));
        conductor = new Conductor(broker);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (AutoCloseable c : new AutoCloseable[] {conductor, hostA, hostB, glance, daemonA, daemonB}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            if (work != null) {
                PrivateLibvirtd.deleteTree(work);
            }
            System.out.println("libvirt RPC end-to-end timings (s): " + timings);
        }
    }

    @Test
    @Order(1)
    void buildAndRunInstanceBootsTheImageFromGlance() throws Exception {
        long t = System.nanoTime();
        conductor.build("hostA", instance, List.of(), image);
        Instance built = await(hostA, daemonA, i -> "active".equals(i.vmState()) && i.taskState() == null,
                "active");
        timings.put("build to active", seconds(t));
        assertEquals(PowerState.RUNNING.code(), built.powerState());
        firstBoot = awaitUp(hostA, daemonA);
        timings.put("build to marker", seconds(t));
        assertEquals(1, firstBoot.cpus());
        assertEquals(GIB, firstBoot.vdaBytes(), "root disk of root_gb, grown from the 64 MiB image");
        assertTrue(firstBoot.memTotalKb() > 256 * 1024 * 6 / 10 && firstBoot.memTotalKb() <= 256 * 1024,
                "MemTotal " + firstBoot.memTotalKb());
        String xml = daemonA.virsh("dumpxml", domain());
        assertTrue(xml.contains("<kernel>" + console(hostA).resolveSibling("kernel") + "</kernel>")
                && xml.contains("<initrd>" + console(hostA).resolveSibling("ramdisk") + "</initrd>"), xml);
    }

    @Test
    @Order(2)
    void resizeToHostBGrowsTheGuestAndConfirmCleansHostA() throws Exception {
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
        assertEquals(2 * GIB, grown.vdaBytes());
        assertTrue(grown.memTotalKb() > firstBoot.memTotalKb() + 100 * 1024, "MemTotal " + grown.memTotalKb());

        t = System.nanoTime();
        Migration confirming = hostB.migration(m.uuid()).orElseThrow().copy();
        confirming.setStatus("confirming");
        conductor.compute().confirmResize(Conductor.context(), atB, confirming, true);
        hostA.awaitMigration(m.uuid(), "confirmed", OPERATION);
        timings.put("confirm", seconds(t));
        assertTrue(daemonA.virsh("list", "--all", "--uuid").isBlank(), "hostA forgot the old guest: "
                + daemonA.virsh("list", "--all"));
        assertFalse(Files.exists(instancesPath("hostA").resolve(instance.uuid() + "_resize")));
        assertTrue(daemonB.virsh("domstate", domain()).contains("running"), daemonB.diagnostics(domain()));
    }

    @Test
    @Order(3)
    void stopThenStartBootsTheGuestAgain() throws Exception {
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
    }

    @Test
    @Order(4)
    void aGuestThatPowersItselfOffIsRecordedByTheLifecycleEvents() throws Exception {
        long t = System.nanoTime();
        String said = daemonB.virsh("shutdown", domain()); // the power button, behind the worker's back
        assertTrue(said.contains("shutdown"), said);
        Instance off = await(hostB, daemonB, i -> i.powerState() == PowerState.SHUTDOWN.code(), "power_state 4");
        timings.put("out-of-band power off to power_state", seconds(t));
        assertEquals("active", off.vmState(), "only the power state is synced (nova would also stop it)");
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
            "[glance]",
            "api_servers = " + glance.baseUrl(),
            "[compute_worker]",
            "libvirt_running_timeout = " + BOOT.toSeconds(),
            // nova copies to migration.dest_host (my_ip) and falls back to migration.source_compute (host)
            "local_copy_host_roots = " + String.join(", ", host + "=" + root, myIp + "=" + root,
                    otherHost + "=" + other, otherIp + "=" + other),
        };
    }

    /** The image dict nova's API hands to build_and_run_instance and prep_resize. */
    private static ImageMeta imageMeta(String id) {
        ObjectNode dict = Json.object();
        dict.put("id", id);
        dict.put("name", "e2e-root");
        dict.put("status", "active");
        dict.put("disk_format", "qcow2");
        dict.put("container_format", "bare");
        dict.put("min_disk", 0);
        dict.put("min_ram", 0);
        dict.putObject("properties");
        return ImageMeta.from(dict);
    }

    /** The instance as the API creates it: booting {@code rootId} with a kernel and ramdisk of their own. */
    private Instance instance(String rootId, String kernelId, String ramdiskId) {
        Instance i = NovaTestObjects.instance("hostA", "building", "scheduling", small);
        i.setField("image_ref", TextNode.valueOf(rootId));
        i.setField("kernel_id", TextNode.valueOf(kernelId));
        i.setField("ramdisk_id", TextNode.valueOf(ramdiskId));
        ObjectNode sys = Json.object();
        sys.put("image_base_image_ref", rootId);
        sys.put("image_disk_format", "qcow2");
        sys.put("image_container_format", "bare");
        sys.put("image_min_disk", "0");
        sys.put("image_min_ram", "0");
        sys.put("owner_user_name", "demo");
        sys.put("owner_project_name", "demo");
        i.setField("system_metadata", sys);
        i.resetChanges();
        return i;
    }

    private Instance await(ComputeHost host, PrivateLibvirtd daemon, Predicate<Instance> condition, String what)
            throws Exception {
        try {
            return host.awaitInstance(instance.uuid(), condition, what, OPERATION);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + daemon.diagnostics(domain()), e);
        }
    }

    /** Waits for the marker of a fresh boot (the console is rewritten at every start). */
    private GuestConsole.Report awaitUp(ComputeHost host, PrivateLibvirtd daemon) throws Exception {
        try {
            return GuestConsole.awaitUp(console(host), BOOT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + daemon.diagnostics(domain()), e);
        }
    }

    private Path console(ComputeHost host) {
        return instancesPath(host.name()).resolve(instance.uuid()).resolve("console.log");
    }

    private Path instancesPath(String host) {
        return work.resolve(host).resolve("instances");
    }

    private String domain() {
        return String.format("instance-%08x", instance.id());
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}
