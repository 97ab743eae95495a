package org.computeworker.worker.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.WorkerApplication;
import org.computeworker.worker.ComputeAssembly;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.virt.fake.FakeDriver;

/**
 * One compute worker in the test JVM, with recorded notifications; the fake driver unless {@code extraConf} names
 * another ({@code [DEFAULT] compute_driver}: the last value given wins).
 */
public final class ComputeHost implements AutoCloseable {
    private final WorkerApplication app;
    private final ComputeAssembly assembly;
    private final RecordingNotifications notifications;

    private ComputeHost(WorkerApplication app, ComputeAssembly assembly, RecordingNotifications notifications) {
        this.app = app;
        this.assembly = assembly;
        this.notifications = notifications;
    }

    public static ComputeHost start(TestBroker broker, String host, String... extraConf) throws Exception {
        RecordingNotifications notifications = new RecordingNotifications();
        ComputeAssembly assembly = new ComputeAssembly(notifications);
        WorkerApplication app = TestWorkers.start(TestWorkers.conf(broker, host, extraConf), assembly);
        return new ComputeHost(app, assembly, notifications);
    }

    public String name() {
        return app.host();
    }

    public ComputeServices services() {
        return assembly.services();
    }

    /** The local files this standalone worker keeps nova's record in. */
    public ComputeAssembly.StandaloneStores stores() {
        return assembly.standaloneStores();
    }

    public FakeDriver driver() {
        return (FakeDriver) assembly.services().driver();
    }

    public RecordingNotifications notifications() {
        return notifications;
    }

    public WorkerApplication app() {
        return app;
    }

    public Optional<Instance> instance(String uuid) {
        return stores().instances().find(uuid);
    }

    public Optional<Migration> migration(String uuid) {
        return stores().migrations().find(uuid);
    }

    /** Waits until the instance as held here matches {@code condition}. */
    public Instance awaitInstance(String uuid, Predicate<Instance> condition, String what) throws InterruptedException {
        return awaitInstance(uuid, condition, what, Duration.ofSeconds(20));
    }

    /** Waits up to {@code timeout} (operations on real guests take longer) for the instance to match. */
    public Instance awaitInstance(String uuid, Predicate<Instance> condition, String what, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Optional<Instance> last = Optional.empty();
        while (System.nanoTime() < end) {
            last = instance(uuid);
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name() + ": instance " + uuid + " never became " + what + "; last seen: "
                + last.map(i -> "vm_state=" + i.vmState() + " task_state=" + i.taskState() + " power_state="
                + i.powerState() + " host=" + i.host()).orElse("absent") + "; faults: "
                + stores().faults().forInstance(uuid));
    }

    public Migration awaitMigration(String uuid, String status) throws InterruptedException {
        return awaitMigration(uuid, status, Duration.ofSeconds(20));
    }

    public Migration awaitMigration(String uuid, String status, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Optional<Migration> last = Optional.empty();
        while (System.nanoTime() < end) {
            last = migration(uuid);
            if (last.isPresent() && status.equals(last.get().status())) {
                return last.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name() + ": migration " + uuid + " never reached " + status + "; last: "
                + last.map(Migration::status).orElse("absent"));
    }

    /** The instance's action events as "event:result", once every one of them has finished. */
    public java.util.List<String> finishedEvents(String uuid) throws InterruptedException {
        Await.until(name() + ": events of " + uuid + " finished",
                () -> stores().actions().eventsFor(uuid).stream().allMatch(e -> e.result() != null),
                () -> stores().actions().eventsFor(uuid));
        return stores().actions().eventsFor(uuid).stream().map(e -> e.event() + ":" + e.result()).toList();
    }

    @Override
    public void close() {
        app.stop();
    }
}
