package org.computeworker.worker.virt.libvirt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.computeworker.worker.config.LibvirtOptions;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.backend.ImageBackends;
import org.computeworker.worker.config.LibvirtImageOptions;
import org.computeworker.worker.image.backend.LocalDiskCopier;
import org.computeworker.worker.image.backend.LocalStorage;
import org.computeworker.worker.image.cache.ImageCacheOptions;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.service.LocalDirectoryImageService;

/**
 * Two compute "hosts" on this machine for resize tests: each has its own libvirt URI and a root
 * directory holding its instances path, and a {@link LocalDiskCopier} over those roots stands in
 * for ssh between them ("host-a-twin" shares host A's root: shared storage).
 */
final class TwoHosts implements AutoCloseable {
    static final String HOST_A = "host-a";
    static final String HOST_B = "host-b";
    /** qcow2 disks (nova's default) with ext4 ephemeral disks whatever the os_type. */
    static final LibvirtImageOptions IMAGE_OPTIONS = new LibvirtImageOptions("default", true, true, "none", "ext4",
            "ssh");

    private final Backends backends;
    final Path instancesA;
    final Path instancesB;
    final LocalDiskCopier copier;
    final LibvirtDriver a;
    final LibvirtDriver b;
    final List<LifecycleEvent> eventsA = new CopyOnWriteArrayList<>();
    final List<LifecycleEvent> eventsB = new CopyOnWriteArrayList<>();
    /** "disconnected: reason" and "reconnected" notices of host A's connection. */
    final List<String> connectionA = new CopyOnWriteArrayList<>();

    /** Makes a host's instance-disk backend from its local storage. */
    interface Backends {
        ImageBackend create(LocalStorage storage);
    }

    TwoHosts(Path root, String uriA, String uriB, Path imagesDir, Duration runningTimeout) {
        this(root, uriA, uriB, imagesDir, runningTimeout, storage -> ImageBackends.forConfig(IMAGE_OPTIONS, storage));
    }

    TwoHosts(Path root, String uriA, String uriB, Path imagesDir, Duration runningTimeout, Backends backends) {
        this.backends = backends;
        this.instancesA = root.resolve("a/instances");
        this.instancesB = root.resolve("b/instances");
        this.copier = new LocalDiskCopier(Map.of(HOST_A, root.resolve("a"), HOST_B, root.resolve("b"),
                "host-a-twin", root.resolve("a")));
        this.a = driver(uriA, instancesA, imagesDir, runningTimeout, recorder(eventsA, connectionA));
        this.b = driver(uriB, instancesB, imagesDir, runningTimeout, recorder(eventsB, new CopyOnWriteArrayList<>()));
        a.initHost(HOST_A);
        b.initHost(HOST_B);
    }

    private LibvirtDriver driver(String uri, Path instances, Path imagesDir, Duration timeout,
                                LifecycleEventListener events) {
        try {
            Files.createDirectories(instances);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LibvirtOptions options = LibvirtOptions.defaults().withConnectionUri(uri).withRunningTimeout(timeout)
                .withImages(IMAGE_OPTIONS);
        LocalStorage storage = LocalStorage.create(instances, ImageCacheOptions.defaults(), IMAGE_OPTIONS,
                QemuImg.withDefaults());
        return new LibvirtDriver(new LibvirtParts(options, storage, backends.create(storage),
                new LocalDirectoryImageService(imagesDir), copier, "192.0.2.1", events));
    }
    private static LifecycleEventListener recorder(List<LifecycleEvent> events, List<String> connection) {
        return new LifecycleEventListener() {
            @Override
            public void onLifecycle(LifecycleEvent event) {
                events.add(event);
            }

            @Override
            public void onDisconnected(String reason) {
                connection.add("disconnected: " + reason);
            }

            @Override
            public void onReconnected() {
                connection.add("reconnected");
            }
        };
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
