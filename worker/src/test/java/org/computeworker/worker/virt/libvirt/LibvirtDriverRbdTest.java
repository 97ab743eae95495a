package org.computeworker.worker.virt.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.virt.PowerState;
import org.computeworker.worker.virt.SpawnRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver over shared block storage (a stand-in for RBD): clone first, nothing copied on resize. */
class LibvirtDriverRbdTest {
    static final long GIB = 1L << 30;
    @TempDir
    Path root;
    private TwoHosts hosts;
    private Path pool;
    private final Flavor small = TestInstances.flavor("m1.small", 256, 1, 1, 0, 0);
    private final Flavor big = TestInstances.flavor("m1.big", 512, 2, 2, 0, 0);

    @BeforeEach
    void setUp() throws Exception {
        Path images = root.resolve("images");
        Path disk = root.resolve("root.raw");
        new ProcessBuilder("truncate", "-s", "8M", disk.toString()).start().waitFor();
        TestInstances.register(images, "img-plain", "raw", disk);
        TestInstances.register(images, "img-in-ceph", "raw", disk);
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(images.resolve("img-in-ceph.json").toFile());
        doc.put("direct_url", "rbd://fsid/images/img-in-ceph/snap");
        Files.writeString(images.resolve("img-in-ceph.json"), doc.toString());
        pool = root.resolve("pool");
        Files.createDirectories(root.resolve("nodes/a"));
        Files.createDirectories(root.resolve("nodes/b"));
        Map<String, Path> files = Map.of("img-in-ceph", disk, "img-plain", disk);
        hosts = new TwoHosts(root, TestNode.uri(root.resolve("nodes/a")), TestNode.uri(root.resolve("nodes/b")),
                images, Duration.ofSeconds(10), storage -> new FakeRbdBackend(pool, storage.instancesPath(), files, storage.qemuImg()));
    }

    @AfterEach
    void tearDown() {
        hosts.close();
    }

    @Test
    void anImageInTheClusterIsClonedAndOthersAreDownloaded() throws Exception {
        Instance cloned = spawn("aaaaaaaa-0000-4000-8000-000000000001", 1, "img-in-ceph");
        Instance fetched = spawn("aaaaaaaa-0000-4000-8000-000000000002", 2, "img-plain");
        assertFalse(Files.exists(pool.resolve("_base").resolve(CacheNames.forImage("img-in-ceph"))),
                "cloned: never downloaded");
        assertTrue(Files.exists(pool.resolve("_base").resolve(CacheNames.forImage("img-plain"))));
        assertEquals(GIB, Files.size(pool.resolve(cloned.uuid() + "_disk")), "a clone grows to the flavor");
        assertEquals(GIB, Files.size(pool.resolve(fetched.uuid() + "_disk")));
        String xml = hosts.a.guests().xml(cloned.uuid());
        assertTrue(xml.contains("<source protocol='rbd' name='vms/" + cloned.uuid() + "_disk'>"), xml);
        assertTrue(xml.contains("<secret type='ceph' uuid='" + FakeRbdBackend.SECRET + "'/>"), xml);
    }

    @Test
    void aResizeCopiesNothingAndGrowsTheSharedImage() throws Exception {
        Instance instance = spawn("aaaaaaaa-0000-4000-8000-000000000003", 3, "img-in-ceph");
        String diskInfo = hosts.a.migrateDiskAndPowerOff(TestInstances.context(), instance, TwoHosts.HOST_B, big,
                Json.array(), Duration.ZERO, Duration.ZERO);
        assertEquals("[]", diskInfo);
        try (var left = Files.list(hosts.instancesB.resolve(instance.uuid()))) {
            assertEquals(List.of(), left.toList(), "no disk travelled");
        }
        instance.setFlavor(big);
        instance.setHost(TwoHosts.HOST_B);
        hosts.b.finishMigration(TestInstances.context(), null, instance, diskInfo, Json.array(),
                TestInstances.image("img-in-ceph", "raw"), true, true);
        assertEquals(PowerState.RUNNING, hosts.b.info(instance).state());
        assertEquals(2 * GIB, Files.size(pool.resolve(instance.uuid() + "_disk")));
        hosts.a.confirmMigration(TestInstances.context(), null, instance, Json.array());
        assertFalse(hosts.a.guests().lookup(instance.uuid()).isPresent());
        assertTrue(Files.exists(pool.resolve(instance.uuid() + "_disk")), "the shared disk stays");
    }

    private Instance spawn(String uuid, int id, String imageId) {
        Instance instance = TestInstances.instance(id, uuid, small, imageId, null, null);
        instance.setHost(TwoHosts.HOST_A);
        hosts.a.spawn(new SpawnRequest(TestInstances.context(), instance, TestInstances.image(imageId, "raw"),
                Json.array(), null, null, true));
        return instance;
    }
}
