package org.computeworker.worker.virt.libvirt.e2e;

import static org.computeworker.worker.virt.libvirt.e2e.DirectKernelBootGuest.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImageServer;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
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
 * Two in-process workers, hostA and hostB, each with {@code compute_driver = libvirt.LibvirtDriver} on its own
 * private libvirtd, images from the in-process Glance, and disks travelling between their instances paths through
 * the local disk copier. Driven over RPC as nova's conductor would: build, resize with confirm, stop and start, and
 * an out-of-band power off that the lifecycle events record. The steps build on each other; each boot of the TCG
 * guest takes seconds.
 */
@ExtendWith(RabbitBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("libvirt")
class LibvirtRpcEndToEndTest {
    private static final long GIB = 1L << 30;
    private final Flavor small = Flavor.create(11, "e2e.small", 256, 1, 1, 0, 0);
    private final Flavor big = Flavor.create(12, "e2e.big", 384, 2, 2, 0, 0);
    private final Map<String, String> timings = new LinkedHashMap<>();
    private Path work;
    private LibvirtWorkerHost hostA;
    private LibvirtWorkerHost hostB;
    private ImageServer glance;
    private Conductor conductor;
    private DirectKernelBootGuest guest;
    private Instance instance;
    private GuestConsole.Report firstBoot;

    @BeforeAll
    void start(TestBroker broker) throws Exception {
        DeployScripts deploy = DeployScripts.locate();
        long t = System.nanoTime();
        Path guestFiles = deploy.buildGuest(Path.of(System.getProperty("java.io.tmpdir"), "compute-worker-test-guest"));
        work = Files.createTempDirectory("cw-rpc-e2e");
        hostA = LibvirtWorkerHost.startDaemon(deploy, "cwra", work, "hostA", "127.0.0.2");
        hostB = LibvirtWorkerHost.startDaemon(deploy, "cwrb", work, "hostB", "127.0.0.3");
        timings.put("guest build + 2 daemons", seconds(t));
        glance = ImageServer.start(Files.createDirectories(work.resolve("glance")), 0, ImageServerOptions.defaults());
        ImageImporter importer = new ImageImporter(work.resolve("glance"), ImageServerOptions.defaults());
        String root = importer.importFile(ImportRequest.of(guestFiles.resolve("disk.qcow2"), "qcow2", "e2e-root"))
                .get("id").asText();
        conductor = new Conductor(broker);
        guest = DirectKernelBootGuest.create(conductor, small, importer, guestFiles, "e2e", root, "qcow2");
        instance = guest.instance();
        hostA.startWorker(broker, hostB, glance);
        hostB.startWorker(broker, hostA, glance);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (AutoCloseable c : new AutoCloseable[] {conductor, hostA, hostB, glance}) {
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
        guest.buildOn(hostA);
        Instance built = hostA.awaitSettled(instance, "active");
        timings.put("build to active", seconds(t));
        assertEquals(PowerState.RUNNING.code(), built.powerState());
        firstBoot = hostA.awaitUp(instance);
        timings.put("build to marker", seconds(t));
        assertEquals(1, firstBoot.cpus());
        assertEquals(GIB, firstBoot.vdaBytes(), "root disk of root_gb, grown from the 64 MiB image");
        assertTrue(firstBoot.memTotalKb() > 256 * 1024 * 6 / 10 && firstBoot.memTotalKb() <= 256 * 1024,
                "MemTotal " + firstBoot.memTotalKb());
        String xml = hostA.virshOnDomain("dumpxml", instance);
        assertTrue(xml.contains("<kernel>" + hostA.instanceDir(instance).resolve("kernel") + "</kernel>")
                && xml.contains("<initrd>" + hostA.instanceDir(instance).resolve("ramdisk") + "</initrd>"), xml);
    }

    @Test
    @Order(2)
    void resizeToHostBGrowsTheGuestAndConfirmCleansHostA() throws Exception {
        long t = System.nanoTime();
        Migration m = guest.prepResize(hostA, hostB, big);
        Instance atB = hostB.awaitSettled(instance, "resized");
        timings.put("prep_resize to resized", seconds(t));
        assertEquals("hostB", atB.host());
        assertEquals(PowerState.RUNNING.code(), atB.powerState());
        GuestConsole.Report grown = hostB.awaitUp(instance);
        timings.put("prep_resize to marker on hostB", seconds(t));
        assertEquals(2, grown.cpus());
        assertEquals(2 * GIB, grown.vdaBytes());
        assertTrue(grown.memTotalKb() > firstBoot.memTotalKb() + 100 * 1024, "MemTotal " + grown.memTotalKb());

        t = System.nanoTime();
        guest.confirmResize(hostB, atB, m);
        hostA.awaitMigration(m, "confirmed");
        timings.put("confirm", seconds(t));
        hostA.assertNoDomains("hostA forgot the old guest");
        assertFalse(Files.exists(hostA.instanceDir(instance).resolveSibling(instance.uuid() + "_resize")));
        assertTrue(hostB.virshOnDomain("domstate", instance).contains("running"), hostB.diagnostics(instance));
    }

    @Test
    @Order(3)
    void stopThenStartBootsTheGuestAgain() throws Exception {
        GuestConsole.Report again = guest.stopThenStart(hostB, timings);
        assertEquals(2, again.cpus());
        assertEquals(2 * GIB, again.vdaBytes());
    }

    @Test
    @Order(4)
    void aGuestThatPowersItselfOffIsRecordedByTheLifecycleEvents() throws Exception {
        long t = System.nanoTime();
        String said = hostB.virshOnDomain("shutdown", instance); // the power button, behind the worker's back
        assertTrue(said.contains("shutdown"), said);
        Instance off = hostB.await(instance, i -> i.powerState() == PowerState.SHUTDOWN.code(), "power_state 4");
        timings.put("out-of-band power off to power_state", seconds(t));
        assertEquals("active", off.vmState(), "only the power state is synced (nova would also stop it)");
    }
}
