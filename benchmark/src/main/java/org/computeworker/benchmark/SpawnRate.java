package org.computeworker.benchmark;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;

/**
 * Spawns per minute with a warm image cache: the real libvirt driver and qcow2 disks over the
 * cached base image, with libvirt's in-process test:/// hypervisor in place of QEMU, so what is
 * measured is the worker's spawn path (claim, disks, guest definition), not a guest booting.
 */
final class SpawnRate {
    static final Flavor TINY = Flavor.create(31, "bench.tiny", 128, 1, 1, 0, 0);

    record Result(int spawns, double seconds, double perMinute, double workerCpuMillisPerSpawn) {
    }

    private SpawnRate() {
    }

    static Result run(Path jar, String amqpUrl, String transportUrl, int spawns) throws Exception {
        Path dir = Files.createTempDirectory("bench-spawn-");
        String imageId = "5a0e1f3c-6b2d-4c7a-9e8f-1b2c3d4e5f60";
        Path images = Files.createDirectories(dir.resolve("images"));
        long size = 256L << 20;
        try (RandomAccessFile raw = new RandomAccessFile(images.resolve(imageId).toFile(), "rw")) {
            raw.setLength(size);
        }
        Files.writeString(images.resolve(imageId + ".json"), Json.write(Json.object().put("id", imageId)
                .put("name", "bench-root").put("status", "active").put("disk_format", "raw")
                .put("container_format", "bare").put("size", size).put("visibility", "public")));
        String node = """
                <node><cpu><mhz>2000</mhz><model>x86_64</model><active>4096</active><max>4096</max><nodes>1</nodes>
                <sockets>1</sockets><cores>4096</cores><threads>1</threads></cpu><memory>1073741824</memory></node>
                """;
        Files.writeString(dir.resolve("node.xml"), node);
        String conf = String.join("\n", "[DEFAULT]", "compute_driver = libvirt.LibvirtDriver",
                "instances_path = " + dir.resolve("instances"),
                "[libvirt]", "connection_uri = test://" + dir.resolve("node.xml"), "images_type = qcow2",
                "[compute_worker]", "image_directory = " + images, "");
        String host = "bench-spawn";
        try (WorkerUnderTest worker = WorkerUnderTest.start(jar, host, transportUrl, conf);
             RawPublisher publisher = new RawPublisher(amqpUrl)) {
            build(publisher, host, imageId, 0); // fills the image cache
            StartThroughput.awaitCount(worker, "build_and_run_instance", 1);
            double cpu0 = worker.cpuSeconds();
            long t0 = System.nanoTime();
            for (int i = 1; i <= spawns; i++) {
                build(publisher, host, imageId, i);
            }
            publisher.flush();
            StartThroughput.awaitCount(worker, "build_and_run_instance", spawns + 1);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(spawns, seconds, spawns * 60 / seconds, (worker.cpuSeconds() - cpu0) * 1e3 / spawns);
        }
    }

    private static void build(RawPublisher publisher, String host, String imageId, int n) throws Exception {
        Instance instance = Instances.instance(Instances.uuid(100_000 + n), host, "building", "scheduling", TINY);
        instance.setField("image_ref", Json.NODES.textNode(imageId));
        instance.setField("kernel_id", Json.NODES.textNode(""));
        instance.setField("ramdisk_id", Json.NODES.textNode(""));
        instance.resetChanges();
        var args = Instances.args(instance);
        args.set("image", Json.object().put("id", imageId).put("name", "bench-root").put("disk_format", "raw")
                .put("container_format", "bare").put("status", "active").put("min_disk", 0).put("min_ram", 0));
        publisher.cast(host, Instances.request("build_and_run_instance", args));
    }
}
