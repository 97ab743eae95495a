package org.computeworker.worker.virt.libvirt.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.computeworker.imageserver.ImageServer;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.support.ComputeHost;
import org.computeworker.worker.virt.libvirt.DeployScripts;
import org.computeworker.worker.virt.libvirt.GuestConsole;

/**
 * One "host" of the two-host libvirt end-to-end tests: a compute worker in the test JVM with
 * {@code compute_driver = libvirt.LibvirtDriver} and its instances under {@code work/<name>/instances}, on a private
 * libvirtd of its own (one daemon would give both hosts the same domain for the instance during a resize). The daemon
 * starts first, since it may need a secret before the worker uses it; the worker once Glance is up. Every wait on a
 * guest adds what the daemon knows of it (domain XML, QEMU's log) to the failure, as that is where boots go wrong.
 */
final class LibvirtWorkerHost implements AutoCloseable {
    /** Generous: two cores shared with other builds, and software emulation. */
    static final Duration OPERATION = Duration.ofSeconds(240);
    static final Duration BOOT = Duration.ofSeconds(240);

    private final String name;
    private final String myIp;
    private final Path root;
    private final PrivateLibvirtd daemon;
    private ComputeHost worker;

    private LibvirtWorkerHost(String name, String myIp, Path root, PrivateLibvirtd daemon) {
        this.name = name;
        this.myIp = myIp;
        this.root = root;
        this.daemon = daemon;
    }

    /** Starts the private libvirtd of host {@code name} (socket directory {@code /tmp/<daemonPrefix>…}). */
    static LibvirtWorkerHost startDaemon(DeployScripts deploy, String daemonPrefix, Path work, String name,
                                         String myIp) throws Exception {
        Path root = work.resolve(name);
        Files.createDirectories(root.resolve("instances"));
        return new LibvirtWorkerHost(name, myIp, root, PrivateLibvirtd.start(deploy, daemonPrefix));
    }

    /**
     * Starts the worker on this host's daemon, with images from {@code glance} and {@code extraLibvirtOptions}
     * (whole {@code key = value} lines) in its {@code [libvirt]} section. {@code peer} is where a resize goes.
     */
    void startWorker(TestBroker broker, LibvirtWorkerHost peer, ImageServer glance, String... extraLibvirtOptions)
            throws Exception {
        List<String> conf = new ArrayList<>(List.of(
                "[DEFAULT]",
                "compute_driver = libvirt.LibvirtDriver",
                "instances_path = " + root.resolve("instances"),
                "my_ip = " + myIp,
                "[libvirt]",
                "connection_uri = " + daemon.uri(),
                "virt_type = qemu"));
        conf.addAll(List.of(extraLibvirtOptions));
        conf.addAll(List.of(
                "[glance]",
                "api_servers = " + glance.baseUrl(),
                "[compute_worker]",
                "libvirt_running_timeout = " + BOOT.toSeconds(),
                // nova copies to migration.dest_host (my_ip) and falls back to migration.source_compute (host);
                // with shared (RBD) disks only the instance directories (console, kernel, ramdisk) travel
                "local_copy_host_roots = " + String.join(", ", name + "=" + root, myIp + "=" + root,
                        peer.name + "=" + peer.root, peer.myIp + "=" + peer.root)));
        worker = ComputeHost.start(broker, name, conf.toArray(String[]::new));
    }

    String name() {
        return name;
    }

    ComputeHost worker() {
        return worker;
    }

    PrivateLibvirtd daemon() {
        return daemon;
    }

    /** Waits for the instance to be in {@code vmState} with no task under way. */
    Instance awaitSettled(Instance instance, String vmState) throws Exception {
        return await(instance, i -> vmState.equals(i.vmState()) && i.taskState() == null, vmState);
    }

    /** Waits for {@code condition}; an instance in vm_state error fails at once, with its faults. */
    Instance await(Instance instance, Predicate<Instance> condition, String what) throws Exception {
        Instance seen;
        try {
            seen = worker.awaitInstance(instance.uuid(), condition.or(i -> "error".equals(i.vmState())), what,
                    OPERATION);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnostics(instance), e);
        }
        if (!condition.test(seen)) {
            throw new AssertionError(name + ": instance " + instance.uuid() + " went to error instead of " + what
                    + "; faults: " + worker.stores().faults().forInstance(instance.uuid()) + "\n"
                    + diagnostics(instance));
        }
        return seen;
    }

    Migration awaitMigration(Migration migration, String status) throws InterruptedException {
        return worker.awaitMigration(migration.uuid(), status, OPERATION);
    }

    /** Waits for the marker of a fresh boot (the console is rewritten at every start). */
    GuestConsole.Report awaitUp(Instance instance) throws Exception {
        try {
            return GuestConsole.awaitUp(console(instance), BOOT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnostics(instance), e);
        }
    }

    /** Runs {@code virsh command <the instance's domain>} against this host's daemon. */
    String virshOnDomain(String command, Instance instance) {
        return daemon.virsh(command, domain(instance));
    }

    String diagnostics(Instance instance) {
        return daemon.diagnostics(domain(instance));
    }

    /** After a confirmed or reverted resize the host left must hold no domain at all, not even a shut off one. */
    void assertNoDomains(String why) {
        assertTrue(daemon.virsh("list", "--all", "--uuid").isBlank(), why + ": " + daemon.virsh("list", "--all"));
    }

    Path instanceDir(Instance instance) {
        return root.resolve("instances").resolve(instance.uuid());
    }

    Path console(Instance instance) {
        return instanceDir(instance).resolve("console.log");
    }

    /** nova's image cache, where a downloaded image would be. */
    Path imageCache() {
        return root.resolve("instances").resolve("_base");
    }

    /** The domain name nova's default instance_name_template gives the instance. */
    private static String domain(Instance instance) {
        return String.format("instance-%08x", instance.id());
    }

    /** The worker first, so that the daemon does not go away under it; then the daemon, with any guest left. */
    @Override
    public void close() throws Exception {
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            daemon.close();
        }
    }
}
