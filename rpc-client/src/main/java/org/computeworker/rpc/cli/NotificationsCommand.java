package org.computeworker.rpc.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.computeworker.messages.Json;
import org.computeworker.rpc.client.NotificationListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "notifications", mixinStandardHelpOptions = true,
        description = {"Prints nova notifications, one JSON line each.",
            "By default from a private queue, taking nothing from other listeners; --shared joins oslo's "
                + "queue TOPIC.PRIORITY and competes with them (what a billing service does)."})
final class NotificationsCommand implements Callable<Integer> {
    @ParentCommand
    ComputeRpc root;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "notifications",
            description = "notifications or versioned_notifications (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--priority", paramLabel = "PRIORITY", defaultValue = "info",
            description = "info, error, warn, ...; repeat for several (default: ${DEFAULT-VALUE})")
    List<String> priorities;

    @Option(names = "--count", paramLabel = "N", description = "stop after N notifications")
    Integer count;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this long")
    Double duration;

    @Option(names = "--shared", description = "consume the shared queue instead of a private copy")
    boolean shared;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws InterruptedException {
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1");
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        try (Session session = new Session(connection, root.env);
             NotificationListener listener = NotificationListener.builder(session.connections(), session.options())
                     .topic(topic).priorities(priorities)
                     .mode(shared ? NotificationListener.Mode.SHARED : NotificationListener.Mode.PRIVATE)
                     .onNotification(n -> {
                         synchronized (root.out) {
                             if (count == null || seen.get() < count) {
                                 root.out.println(Json.write(n.toMessage()));
                                 root.out.flush();
                             }
                             if (count != null && seen.incrementAndGet() >= count) {
                                 done.countDown();
                             }
                         }
                     }).start()) {
            root.err.println("listening on " + listener.queues() + " (exchange " + session.options().controlExchange()
                    + ")");
            Thread stopOnSignal = new Thread(done::countDown);
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            try {
                if (duration != null) {
                    done.await(Seconds.toDuration(duration, "--duration").toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    done.await();
                }
            } finally {
                removeHook(stopOnSignal);
            }
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting because of that very signal
        }
    }
}
