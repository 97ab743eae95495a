package org.computeworker.worker.virt.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.virt.PowerState;
import org.computeworker.worker.virt.SpawnRequest;
import org.computeworker.worker.virt.libvirt.migration.MigrationFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;

/**
 * The driver against two real private libvirtds ("host A" and "host B") booting the tiny test
 * guest under QEMU TCG. The steps build on each other: spawn, power off/on, a resize A to B that
 * is confirmed, then a resize B to A that is reverted. Each boot takes several seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("libvirt")
class LibvirtGuestEndToEndTest {
    private static final String UUID = "5e1f0a2b-0000-4000-8000-00000000e2e0";
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final long GIB = 1L << 30;
    private final Flavor small = TestInstances.flavor("e2e.small", 256, 1, 1, 0, 0);
    private final Flavor big = TestInstances.flavor("e2e.big", 384, 2, 2, 0, 0);
    private final Flavor bigger = TestInstances.flavor("e2e.bigger", 448, 2, 3, 0, 0);
    private final Map<String, String> timings = new LinkedHashMap<>();
    private DeployScripts deploy;
    private Path work;
    private Path daemonA;
    private Path daemonB;
    private TwoHosts hosts;
    private Instance instance;
    private GuestConsole.Report firstBoot;
    private int eventsBeforeResize;

    @BeforeAll
    void startHosts() throws Exception {
        deploy = DeployScripts.locate();
        long t = System.nanoTime();
        Path guest = deploy.buildGuest(Path.of(System.getProperty("java.io.tmpdir"), "compute-worker-test-guest"));
        work = Files.createTempDirectory("cw-e2e");
        // unix socket paths must stay short (sun_path): keep the daemon directories near /tmp
        daemonA = Files.createTempDirectory(Path.of("/tmp"), "cwa");
        daemonB = Files.createTempDirectory(Path.of("/tmp"), "cwb");
        String uriA = deploy.startLibvirtd(daemonA);
        String uriB = deploy.startLibvirtd(daemonB);
        timings.put("guest build + 2 daemons", seconds(t));
        Path images = work.resolve("images");
        TestInstances.register(images, "img-root", "raw", guest.resolve("disk.raw"));
        TestInstances.register(images, "img-kernel", "aki", guest.resolve("vmlinuz"));
        TestInstances.register(images, "img-ramdisk", "ari", guest.resolve("initrd.img"));
        hosts = new TwoHosts(work, uriA, uriB, images, BOOT);
        instance = TestInstances.instance(7, UUID, small, "img-root", "img-kernel", "img-ramdisk");
        instance.setHost(TwoHosts.HOST_A);
    }

    @AfterAll
    void stopHosts() throws IOException {
        try {
            if (hosts != null) {
                hosts.close();
            }
        } finally {
            for (Path dir : new Path[] {daemonA, daemonB}) {
                if (dir != null) {
                    deploy.stopLibvirtd(dir);
                    deleteTree(dir);
                }
            }
            if (work != null) {
                deleteTree(work);
            }
            System.out.println("libvirt end-to-end timings (s): " + timings);
        }
    }

    @Test
    @Order(1)
    void spawnBootsTheGuestWithItsFlavor() throws Exception {
        long t = System.nanoTime();
        hosts.a.spawn(new SpawnRequest(TestInstances.context(), instance, TestInstances.image("img-root", "raw"),
                Json.array(), null, null, true));
        timings.put("spawn to RUNNING", seconds(t));
        assertEquals(PowerState.RUNNING, hosts.a.info(instance).state());
        firstBoot = awaitUp(consoleA(), daemonA, hosts.a);
        timings.put("spawn to marker", seconds(t));
        assertEquals(1, firstBoot.cpus());
        assertEquals(GIB, firstBoot.vdaBytes());
        assertTrue(firstBoot.memTotalKb() > 256 * 1024 * 6 / 10 && firstBoot.memTotalKb() <= 256 * 1024,
                "MemTotal " + firstBoot.memTotalKb());
    }

    @Test
    @Order(2)
    void cleanPowerOffThenPowerOnBootsAgain() throws Exception {
        long t = System.nanoTime();
        hosts.a.powerOff(instance, Duration.ofSeconds(60), Duration.ofSeconds(10));
        timings.put("ACPI power off", seconds(t));
        assertEquals(PowerState.SHUTDOWN, hosts.a.info(instance).state());
        assertTrue(GuestConsole.text(consoleA()).contains(GuestConsole.POWEROFF), "the guest saw the power button");
        t = System.nanoTime();
        hosts.a.powerOn(TestInstances.context(), instance, Json.array());
        assertEquals(PowerState.RUNNING, hosts.a.info(instance).state());
        GuestConsole.Report again = awaitUp(consoleA(), daemonA, hosts.a);
        timings.put("power on (hard reboot) to marker", seconds(t));
        assertEquals(firstBoot, again);
    }

    @Test
    @Order(3)
    void libvirtdRestartIsSurvived() throws Exception {
        long t = System.nanoTime();
        long pid = Long.parseLong(Files.readString(daemonA.resolve("run/libvirtd.pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        awaitNotice("disconnected");
        deploy.startLibvirtd(daemonA);
        awaitNotice("reconnected");
        timings.put("libvirtd restart to reconnected", seconds(t));
        assertEquals(PowerState.RUNNING, hosts.a.info(instance).state(), "the guest outlived its libvirtd");
        eventsBeforeResize = hosts.eventsA.size();
    }

    @Test
    @Order(4)
    void resizeToHostBGrowsTheGuestAndConfirmCleansHostA() throws Exception {
        long t = System.nanoTime();
        String diskInfo = hosts.a.migrateDiskAndPowerOff(TestInstances.context(), instance, TwoHosts.HOST_B, big,
                Json.array(), Duration.ofSeconds(60), Duration.ofSeconds(10));
        timings.put("migrate_disk_and_power_off", seconds(t));
        LibvirtDriverTest.waitForEvent(hosts.eventsA.subList(eventsBeforeResize, hosts.eventsA.size()), "STOPPED");
        instance.setFlavor(big);
        instance.setHost(TwoHosts.HOST_B);
        t = System.nanoTime();
        hosts.b.finishMigration(TestInstances.context(), null, instance, diskInfo, Json.array(),
                TestInstances.image("img-root", "raw"), true, true);
        GuestConsole.Report resized = awaitUp(consoleB(), daemonB, hosts.b);
        timings.put("finish_migration to marker", seconds(t));
        assertEquals(2, resized.cpus());
        assertEquals(2 * GIB, resized.vdaBytes());
        assertTrue(resized.memTotalKb() > firstBoot.memTotalKb() + 100 * 1024, "MemTotal " + resized.memTotalKb());

        hosts.a.confirmMigration(TestInstances.context(), null, instance, Json.array());
        assertFalse(Files.exists(MigrationFiles.resizeDirectory(hosts.instancesA.resolve(UUID))));
        assertFalse(hosts.a.guests().lookup(UUID).isPresent(), "host A forgot the old guest");
    }

    @Test
    @Order(5)
    void resizeBackToHostAThenRevertRestoresTheGuestOnB() throws Exception {
        long t = System.nanoTime();
        String diskInfo = hosts.b.migrateDiskAndPowerOff(TestInstances.context(), instance, TwoHosts.HOST_A, bigger,
                Json.array(), Duration.ofSeconds(60), Duration.ofSeconds(10));
        instance.setFlavor(bigger);
        instance.setHost(TwoHosts.HOST_A);
        hosts.a.finishMigration(TestInstances.context(), null, instance, diskInfo, Json.array(),
                TestInstances.image("img-root", "raw"), true, true);
        assertEquals(3 * GIB, awaitUp(consoleA(), daemonA, hosts.a).vdaBytes());
        timings.put("second resize to marker", seconds(t));

        t = System.nanoTime();
        hosts.a.destroy(TestInstances.context(), instance, Json.array(), true); // revert_resize on the destination
        instance.setFlavor(big);
        instance.setHost(TwoHosts.HOST_B);
        hosts.b.finishRevertMigration(TestInstances.context(), instance, Json.array(), null, true);
        GuestConsole.Report reverted = awaitUp(consoleB(), daemonB, hosts.b);
        timings.put("revert to marker", seconds(t));
        assertEquals(2, reverted.cpus());
        assertEquals(2 * GIB, reverted.vdaBytes());
        assertFalse(Files.exists(MigrationFiles.resizeDirectory(hosts.instancesB.resolve(UUID))));
        assertFalse(Files.exists(hosts.instancesA.resolve(UUID)));

        t = System.nanoTime();
        hosts.b.destroy(TestInstances.context(), instance, Json.array(), true);
        timings.put("destroy", seconds(t));
        assertFalse(hosts.b.guests().lookup(UUID).isPresent());
    }

    /** Waits for the guest's UP marker; on failure adds what libvirt and QEMU said about the guest. */
    private GuestConsole.Report awaitUp(Path console, Path daemonDir, LibvirtDriver driver) throws Exception {
        try {
            return GuestConsole.awaitUp(console, BOOT);
        } catch (AssertionError e) {
            String qemuLog = GuestConsole.text(daemonDir.resolve("log/qemu/instance-00000007.log"));
            String state;
            try {
                state = driver.info(instance) + "\n" + driver.guests().xml(UUID);
            } catch (RuntimeException inner) {
                state = inner.toString();
            }
            throw new AssertionError(e.getMessage() + "\n--- guest: " + state + "\n--- qemu log:\n"
                    + qemuLog.substring(Math.max(0, qemuLog.length() - 4000)), e);
        }
    }

    private Path consoleA() {
        return hosts.instancesA.resolve(UUID).resolve("console.log");
    }

    private Path consoleB() {
        return hosts.instancesB.resolve(UUID).resolve("console.log");
    }

    private void awaitNotice(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (hosts.connectionA.stream().noneMatch(n -> n.startsWith(prefix))) {
            assertTrue(System.nanoTime() < deadline, "no '" + prefix + "' notice: " + hosts.connectionA);
            Thread.sleep(100);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}
