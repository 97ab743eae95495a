package org.computeworker.worker.virt.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.errors.InstanceFaultRollback;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.qemu.QemuImgInfo;
import org.computeworker.worker.virt.HostResources;
import org.computeworker.worker.virt.PowerState;
import org.computeworker.worker.virt.SpawnRequest;
import org.computeworker.worker.virt.libvirt.migration.MigrationFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's operations against libvirt's in-process test:/// driver (private state per host),
 * with real disks made by qemu-img, mkfs and mkswap: everything but a booting guest.
 */
class LibvirtDriverTest {
    static final long GIB = 1L << 30;
    static final String UUID = "1d2c3b4a-0000-4000-8000-0000000000aa";
    @TempDir
    static Path images;
    @TempDir
    Path root;
    private TwoHosts hosts;
    private Instance instance;
    private final Flavor small = TestInstances.flavor("m1.small", 256, 1, 1, 1, 16);
    private final Flavor big = TestInstances.flavor("m1.big", 512, 2, 2, 2, 32);
    private final QemuImg qemuImg = QemuImg.withDefaults();

    @BeforeAll
    static void registerImages() throws Exception {
        Path disk = images.resolve("root.raw");
        new ProcessBuilder("truncate", "-s", "16M", disk.toString()).start().waitFor();
        run("mkfs.ext4", "-q", "-F", disk.toString());
        Path kernel = images.resolve("vmlinuz");
        Files.write(kernel, new byte[65536]);
        Path initrd = images.resolve("initrd");
        Files.write(initrd, new byte[32768]);
        TestInstances.register(images, "img-root", "raw", disk);
        Path qcow2 = images.resolve("root.qcow2");
        QemuImg.withDefaults().convert(disk, "raw", qcow2, "qcow2");
        TestInstances.register(images, "img-qcow2", "qcow2", qcow2);
        TestInstances.register(images, "img-kernel", "aki", kernel);
        TestInstances.register(images, "img-ramdisk", "ari", initrd);
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(root.resolve("nodes/a"));
        Files.createDirectories(root.resolve("nodes/b"));
        hosts = new TwoHosts(root, TestNode.uri(root.resolve("nodes/a")), TestNode.uri(root.resolve("nodes/b")),
                images, Duration.ofSeconds(10));
        instance = TestInstances.instance(42, UUID, small, "img-root", "img-kernel", "img-ramdisk");
        instance.setHost(TwoHosts.HOST_A);
    }

    @AfterEach
    void tearDown() {
        hosts.close();
    }

    @Test
    void spawnCreatesDisksFromTemplatesAndStartsTheGuest() throws Exception {
        spawnOnA();
        assertEquals(PowerState.RUNNING, hosts.a.info(instance).state());
        Path dir = hosts.instancesA.resolve(UUID);
        QemuImgInfo disk = qemuImg.info(dir.resolve("disk"), "qcow2");
        assertEquals(GIB, disk.virtualSize());
        assertEquals(hosts.instancesA.resolve("_base").resolve(CacheNames.forImage("img-root")).toString(),
                disk.backingFile());
        assertEquals(GIB, qemuImg.info(dir.resolve("disk.local"), "qcow2").virtualSize());
        assertEquals(16L << 20, qemuImg.info(dir.resolve("disk.swap"), "qcow2").virtualSize());
        assertTrue(Files.exists(hosts.instancesA.resolve("_base/ephemeral_1_" + md5Prefix("ext4"))));
        assertTrue(Files.exists(dir.resolve("kernel")) && Files.exists(dir.resolve("ramdisk")));
        assertTrue(Files.exists(dir.resolve("console.log")));

        String xml = hosts.a.guests().xml(UUID);
        assertTrue(xml.contains("<name>instance-0000002a</name>"), xml);
        assertTrue(xml.contains("<kernel>" + dir.resolve("kernel") + "</kernel>"), xml);
        assertTrue(xml.contains("<cmdline>root=/dev/vda console=tty0 console=ttyS0 console=hvc0 no_timer_check"
                + "</cmdline>"), xml);
        assertTrue(xml.contains("<target dev='vdc' bus='virtio'/>"), xml);
        assertTrue(xml.contains("<log file='" + dir.resolve("console.log") + "' append='off'/>"), xml);
        assertTrue(xml.contains("test &lt;server&gt; &amp; &apos;friends&apos;")
                || xml.contains("test &lt;server&gt; &amp; 'friends'"), xml);
        waitForEvent(hosts.eventsA, "STARTED");
    }

    @Test
    void powerOffThenPowerOnRecreatesAMissingKernel() throws Exception {
        spawnOnA();
        hosts.a.powerOff(instance, Duration.ZERO, Duration.ZERO);
        assertEquals(PowerState.SHUTDOWN, hosts.a.info(instance).state());
        Path kernel = hosts.instancesA.resolve(UUID).resolve("kernel");
        Files.delete(kernel);
        hosts.a.powerOn(TestInstances.context(), instance, Json.array());
        assertEquals(PowerState.RUNNING, hosts.a.info(instance).state());
        assertTrue(Files.exists(kernel));
    }

    @Test
    void cleanPowerOffAsksTheGuestFirst() {
        spawnOnA();
        hosts.a.powerOff(instance, Duration.ofSeconds(5), Duration.ofSeconds(1));
        assertEquals(PowerState.SHUTDOWN, hosts.a.info(instance).state());
        waitForEvent(hosts.eventsA, "STOPPED");
    }

    @Test
    void destroyRemovesTheGuestAndItsFiles() {
        spawnOnA();
        hosts.a.destroy(TestInstances.context(), instance, Json.array(), true);
        NovaException e = assertThrows(NovaException.class, () -> hosts.a.info(instance));
        assertEquals("InstanceNotFound", e.pythonClass());
        assertFalse(Files.exists(hosts.instancesA.resolve(UUID)));
        hosts.a.destroy(TestInstances.context(), instance, Json.array(), true); // gone already: fine
    }

    @Test
    void resizingADiskDownIsRefusedBeforeAnythingChanges() {
        spawnOnA();
        Flavor smallerRoot = TestInstances.flavor("tiny", 512, 2, 0, 1, 0);
        InstanceFaultRollback e = assertThrows(InstanceFaultRollback.class, () -> migrate(smallerRoot));
        assertEquals("ResizeError", e.inner().pythonClass());
        assertEquals("Resize error: Unable to resize disk down.", e.inner().getMessage());
        assertEquals(PowerState.RUNNING, hosts.a.info(instance).state());
    }

    @Test
    void resizeToAnotherHostGrowsEverythingAndConfirmCleansTheSource() throws Exception {
        spawnOnA();
        JsonNode diskInfo = Json.MAPPER.readTree(migrate(big));
        assertEquals(List.of("disk", "disk.local", "disk.swap"), StreamSupport.stream(diskInfo.spliterator(), false)
                .map(d -> Path.of(d.get("path").asText()).getFileName().toString()).toList());
        assertEquals(PowerState.SHUTDOWN, hosts.a.info(instance).state());
        Path dirA = hosts.instancesA.resolve(UUID);
        Path dirB = hosts.instancesB.resolve(UUID);
        assertFalse(Files.exists(dirA));
        assertTrue(Files.exists(MigrationFiles.resizeDirectory(dirA).resolve("disk")));
        assertNull(qemuImg.info(dirB.resolve("disk"), "qcow2").backingFile(), "flattened on the way");
        assertFalse(Files.exists(dirB.resolve("disk.swap")), "swap is made anew, not copied");

        finishOnB(diskInfo.toString());
        assertEquals(PowerState.RUNNING, hosts.b.info(instance).state());
        assertEquals(2 * GIB, qemuImg.info(dirB.resolve("disk"), "qcow2").virtualSize());
        assertEquals(2 * GIB, qemuImg.info(dirB.resolve("disk.local"), "qcow2").virtualSize());
        assertEquals(32L << 20, qemuImg.info(dirB.resolve("disk.swap"), "qcow2").virtualSize());
        assertEquals(2 * GIB, ext4Bytes(dirB.resolve("disk")), "the file system grew with the disk");
        String xml = hosts.b.guests().xml(UUID);
        assertTrue(xml.contains("<memory unit='KiB'>524288</memory>") && xml.contains(">2</vcpu>"), xml);

        hosts.a.confirmMigration(TestInstances.context(), null, instance, Json.array());
        assertFalse(Files.exists(MigrationFiles.resizeDirectory(dirA)));
        assertEquals("InstanceNotFound", assertThrows(NovaException.class, () -> hosts.a.info(instance))
                .pythonClass());
        assertEquals(PowerState.RUNNING, hosts.b.info(instance).state());
    }

    @Test
    void revertBringsBackTheOriginalDisksAndGuest() throws Exception {
        spawnOnA();
        String diskInfo = migrate(big);
        finishOnB(diskInfo);
        // nova's revert_resize on the destination, then finish_revert_resize on the source
        hosts.b.destroy(TestInstances.context(), instance, Json.array(), true);
        instance.setFlavor(small);
        instance.setHost(TwoHosts.HOST_A);
        hosts.a.finishRevertMigration(TestInstances.context(), instance, Json.array(), null, true);
        Path dirA = hosts.instancesA.resolve(UUID);
        assertEquals(PowerState.RUNNING, hosts.a.info(instance).state());
        assertFalse(Files.exists(MigrationFiles.resizeDirectory(dirA)));
        assertEquals(GIB, qemuImg.info(dirA.resolve("disk"), "qcow2").virtualSize());
        assertTrue(hosts.a.guests().xml(UUID).contains("<memory unit='KiB'>262144</memory>"));
    }

    @Test
    void onSharedStorageTheDisksAreFlattenedInPlace() throws Exception {
        spawnOnA();
        String diskInfo = hosts.a.migrateDiskAndPowerOff(TestInstances.context(), instance, "host-a-twin", big,
                Json.array(), Duration.ZERO, Duration.ZERO);
        Path dirA = hosts.instancesA.resolve(UUID);
        assertNull(qemuImg.info(dirA.resolve("disk"), "qcow2").backingFile());
        assertTrue(Files.exists(MigrationFiles.resizeDirectory(dirA).resolve("disk")));
        assertEquals(3, Json.MAPPER.readTree(diskInfo).size());
        assertEquals(List.of(), listMarkers(dirA), "the shared-storage marker is removed");
    }

    @Test
    void aQcow2ImageIsCachedAsRaw() throws Exception {
        instance = TestInstances.instance(43, UUID, small, "img-qcow2", null, null);
        hosts.a.spawn(new SpawnRequest(TestInstances.context(), instance, TestInstances.image("img-qcow2", "qcow2"),
                Json.array(), null, null, true));
        Path base = hosts.instancesA.resolve("_base").resolve(CacheNames.forImage("img-qcow2"));
        assertEquals("raw", qemuImg.info(base, "raw").format());
        assertEquals(16L << 20, Files.size(base), "converted, not the qcow2 bytes");
        String xml = hosts.a.guests().xml(UUID);
        assertTrue(xml.contains("<boot dev='hd'/>") && !xml.contains("<kernel>"), xml);
    }

    @Test
    void diskInfoFromTheWireNamesOnlyDisksOfOurOwnDirectory() {
        String hostile = "[{\"type\": \"raw\", \"path\": \"/etc/shadow\", \"virt_disk_size\": 1}]";
        NovaException e = assertThrows(NovaException.class, () -> hosts.b.finishMigration(TestInstances.context(),
                null, instance, hostile, Json.array(), TestInstances.image("img-root", "raw"), true, true));
        assertEquals("InvalidDiskInfo", e.pythonClass());
        assertEquals("InvalidDiskInfo", assertThrows(NovaException.class, () -> hosts.b.finishMigration(
                TestInstances.context(), null, instance, "{not json", Json.array(), null, true, true)).pythonClass());
    }

    @Test
    void hostResourcesComeFromTheNodeAndTheBackend() {
        HostResources r = hosts.a.availableResource("ignored");
        assertEquals(TestNode.CPUS, r.vcpus());
        assertEquals((int) (TestNode.MEMORY_KIB / 1024), r.memoryMb());
        assertTrue(r.localGb() > 0 && r.localGbUsed() >= 0);
        assertEquals("TEST", r.hypervisorType());
        spawnOnA();
        assertEquals(1, hosts.a.availableResource("ignored").vcpusUsed());
        assertEquals(false, hosts.a.capabilities().get("supports_migrate_to_same_host"));
    }

    private void spawnOnA() {
        hosts.a.spawn(new SpawnRequest(TestInstances.context(), instance, TestInstances.image("img-root", "raw"),
                Json.array(), null, null, true));
    }

    private String migrate(Flavor flavor) {
        return hosts.a.migrateDiskAndPowerOff(TestInstances.context(), instance, TwoHosts.HOST_B, flavor,
                Json.array(), Duration.ZERO, Duration.ZERO);
    }

    private void finishOnB(String diskInfo) {
        instance.setFlavor(big);
        instance.setHost(TwoHosts.HOST_B);
        hosts.b.finishMigration(TestInstances.context(), null, instance, diskInfo, Json.array(),
                TestInstances.image("img-root", "raw"), true, true);
    }

    private long ext4Bytes(Path qcow2) throws Exception {
        Path raw = root.resolve("check.raw");
        qemuImg.convert(qcow2, "qcow2", raw, "raw");
        String out = run("dumpe2fs", "-h", raw.toString());
        long blocks = Long.parseLong(out.replaceAll("(?s).*Block count:\\s+(\\d+).*", "$1"));
        long size = Long.parseLong(out.replaceAll("(?s).*Block size:\\s+(\\d+).*", "$1"));
        Files.delete(raw);
        return blocks * size;
    }

    /** Runs a test tool and returns its output; it must succeed. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }

    private static List<Path> listMarkers(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static String md5Prefix(String text) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes());
        return java.util.HexFormat.of().formatHex(d).substring(0, 7);
    }

    static void waitForEvent(List<LifecycleEvent> events, String type) {
        long deadline = System.currentTimeMillis() + 5000;
        while (events.stream().noneMatch(e -> e.libvirtEvent().equals(type))) {
            assertTrue(System.currentTimeMillis() < deadline, "no " + type + " event in " + events);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
