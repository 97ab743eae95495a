package org.computeworker.worker.virt.libvirt.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.support.Await;
import org.computeworker.worker.support.ComputeHost;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.virt.PowerState;
import org.computeworker.worker.virt.libvirt.LibvirtDriver;
import org.computeworker.worker.virt.libvirt.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compute_driver = libvirt.LibvirtDriver} built from nova.conf alone, on libvirt's in-process test:/// driver
 * (no guest boots): images from {@code [compute_worker] image_directory}, the image cache manager on its schedule,
 * and everything the wiring started gone when the worker stops.
 */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class LibvirtWiringTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerBuildsOnTheLibvirtDriverFromNovaConfAndClosesItAll(TestBroker broker) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path file = dir.resolve("root.raw");
        try (var raw = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(16L << 20);
        }
        String imageId = new ImageImporter(images, ImageServerOptions.defaults())
                .importFile(ImportRequest.of(file, "raw", "root")).get("id").asText();
        Path instances = dir.resolve("instances");
        Path stale = Files.createDirectories(instances.resolve("_base")).resolve(CacheNames.forImage("gone"));
        Files.write(stale, new byte[512]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3 * 86400)));
        Files.createDirectories(dir.resolve("node"));

        try (ComputeHost host = ComputeHost.start(broker, "wiring-host", "[DEFAULT]",
                "compute_driver = libvirt.LibvirtDriver", "instances_path = " + instances,
                "[libvirt]", "connection_uri = " + TestNode.uri(dir.resolve("node")),
                "[compute_worker]", "image_directory = " + images,
                "[image_cache]", "manager_interval = 1");
             Conductor conductor = new Conductor(broker)) {
            assertTrue(host.services().driver() instanceof LibvirtDriver);
            Instance instance = NovaTestObjects.instance("wiring-host", "building", "scheduling",
                    Flavor.create(21, "w.tiny", 128, 1, 1, 0, 0));
            instance.setField("image_ref", TextNode.valueOf(imageId));
            instance.resetChanges();
            conductor.build("wiring-host", instance, List.of(), image(imageId));
            Instance built = host.awaitInstance(instance.uuid(), i -> "active".equals(i.vmState()), "active");
            assertEquals(PowerState.RUNNING.code(), built.powerState());
            assertTrue(Files.exists(instances.resolve(instance.uuid()).resolve("disk")));
            assertTrue(Files.exists(instances.resolve("_base").resolve(CacheNames.forImage(imageId))));
            Await.until("the scheduled cache manager removed the stale template", () -> !Files.exists(stale));
            assertTrue(Files.exists(instances.resolve("_base").resolve(CacheNames.forImage(imageId))),
                    "the template in use stays");
        }
        Await.until("the threads the wiring started ended with the worker", () -> wiringThreads().isEmpty(),
                LibvirtWiringTest::wiringThreads);
    }

    private static List<String> wiringThreads() {
        Set<String> names = Set.of("image-cache-manager", "power-state-sync", "libvirt-connection", "libvirt-events");
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(names::contains).toList();
    }

    private static ImageMeta image(String id) {
        ObjectNode dict = Json.object();
        dict.put("id", id);
        dict.put("disk_format", "raw");
        dict.put("container_format", "bare");
        dict.putObject("properties");
        return ImageMeta.from(dict);
    }
}
