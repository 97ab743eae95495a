package org.computeworker.worker.virt.libvirt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.ComputeDriverContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The driver contract on the libvirt driver over libvirt's in-process test:/// driver, real disks made by qemu-img. */
class LibvirtDriverContractTest extends ComputeDriverContract {
    private static final AtomicInteger IDS = new AtomicInteger(100);
    @TempDir
    static Path images;
    @TempDir
    Path root;
    private TwoHosts hosts;

    @BeforeAll
    static void registerImages() throws Exception {
        Path disk = images.resolve("root.raw");
        new ProcessBuilder("truncate", "-s", "16M", disk.toString()).start().waitFor();
        TestInstances.register(images, "img-root", "raw", disk);
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(root.resolve("nodes/a"));
        Files.createDirectories(root.resolve("nodes/b"));
        hosts = new TwoHosts(root, TestNode.uri(root.resolve("nodes/a")), TestNode.uri(root.resolve("nodes/b")),
                images, Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        hosts.close();
    }

    @Override
    protected ComputeDriver source() {
        return hosts.a;
    }

    @Override
    protected ComputeDriver destination() {
        return hosts.b;
    }

    @Override
    protected Instance instance(Flavor flavor) {
        int id = IDS.incrementAndGet();
        Instance instance = TestInstances.instance(id, String.format("1d2c3b4a-0000-4000-8000-%012d", id), flavor,
                "img-root", null, null);
        instance.setHost(TwoHosts.HOST_A);
        return instance;
    }

    @Override
    protected ImageMeta image() {
        return TestInstances.image("img-root", "raw");
    }

    @Override
    protected Flavor small() {
        return TestInstances.flavor("m1.small", 256, 1, 1, 0, 0);
    }

    @Override
    protected Flavor bigger() {
        return TestInstances.flavor("m1.big", 512, 2, 2, 0, 0);
    }
}
