package org.computeworker.worker.virt.libvirt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.computeworker.worker.config.LibvirtOptions;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.service.LocalDirectoryImageService;

/**
 * Two compute "hosts" on this machine for resize tests: each has its own libvirt URI and
 * instances path, and a {@link LocalHostsCopier} stands in for ssh between them.
 */
final class TwoHosts implements AutoCloseable {
    static final String HOST_A = "host-a";
    static final String HOST_B = "host-b";

    private final Backends backends;
    final Path instancesA;
    final Path instancesB;
    final LocalHostsCopier copier;
    final LibvirtDriver a;
    final LibvirtDriver b;
    final List<LifecycleEvent> eventsA = new CopyOnWriteArrayList<>();
    final List<LifecycleEvent> eventsB = new CopyOnWriteArrayList<>();
    /** "disconnected: reason" and "reconnected" notices of host A's connection. */
    final List<String> connectionA = new CopyOnWriteArrayList<>();

    /** Makes a host's instance-disk backend from its instances path. */
    interface Backends {
        org.computeworker.worker.image.backend.ImageBackend create(Path instances, QemuImg qemuImg);
    }

    TwoHosts(Path root, String uriA, String uriB, Path imagesDir, Duration runningTimeout) {
        this(root, uriA, uriB, imagesDir, runningTimeout, (instances, q) -> new TestFileBackend(instances, "qcow2", q));
    }

    TwoHosts(Path root, String uriA, String uriB, Path imagesDir, Duration runningTimeout, Backends backends) {
        this.backends = backends;
        this.instancesA = root.resolve("a/instances");
        this.instancesB = root.resolve("b/instances");
        this.copier = new LocalHostsCopier(Map.of(HOST_A, instancesA, HOST_B, instancesB, "host-a-twin", instancesA));
        this.a = driver(uriA, instancesA, imagesDir, runningTimeout, recorder(eventsA, connectionA));
        this.b = driver(uriB, instancesB, imagesDir, runningTimeout, recorder(eventsB, new CopyOnWriteArrayList<>()));
        a.initHost(HOST_A);
        b.initHost(HOST_B);
    }

    private LibvirtDriver driver(String uri, Path instances, Path imagesDir, Duration timeout,
                                LifecycleEventListener events) {
        try {
            java.nio.file.Files.createDirectories(instances);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LibvirtOptions options = LibvirtOptions.defaults().withConnectionUri(uri).withDefaultEphemeralFormat("ext4")
                .withRunningTimeout(timeout);
        QemuImg qemuImg = QemuImg.withDefaults();
        return new LibvirtDriver(new LibvirtParts(options, backends.create(instances, qemuImg),
                new TestFileBackend(instances, "raw", qemuImg), new LocalDirectoryImageService(imagesDir), qemuImg,
                HostCommands.withDefaults(), copier, "192.0.2.1", instances, events));
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
