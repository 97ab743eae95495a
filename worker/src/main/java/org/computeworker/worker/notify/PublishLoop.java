package org.computeworker.worker.notify;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivers notifications until each is confirmed, on one thread that owns all the state. Per
 * ordering key (instance) only the oldest notification is ever on the wire, so a retry can never
 * be overtaken and an instance's notifications arrive in the order they were published; across
 * keys up to {@code maxInFlight} await their confirms at once. A failed attempt is retried after
 * a doubling, capped wait; when the broker cannot be reached at all, sending pauses for everyone.
 */
final class PublishLoop {
    /**
     * Puts a notification on the wire and reports, once, how the broker answered — from any thread,
     * possibly before {@code send} returns. One that never answers is timed out by the loop.
     */
    @FunctionalInterface
    interface Sender {
        void send(OutboundNotification n, Consumer<DeliveryOutcome> answer);
    }

    /** Told about each confirmed notification and each retry. */
    interface Listener {
        void confirmed(OutboundNotification n);

        void retrying(OutboundNotification n, DeliveryOutcome outcome, int attempt, Duration wait);
    }

    private static final class Pending {
        final OutboundNotification n;
        final String key;
        int attempt;
        int settled;
        ScheduledFuture<?> timeout;

        Pending(OutboundNotification n, String key) {
            this.n = n;
            this.key = key;
        }
    }

    private final Sender sender;
    private final PublisherOptions options;
    private final Listener listener;
    private final ScheduledExecutorService thread;
    private final Map<String, ArrayDeque<Pending>> queues = new HashMap<>();
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private int inFlight;
    private int unreachableStreak;
    private long pausedUntil;
    private ScheduledFuture<?> wakeUp;

    PublishLoop(Sender sender, PublisherOptions options,
                Listener listener, String threadName) {
        this.sender = sender;
        this.options = options;
        this.listener = listener;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    void submit(OutboundNotification n) {
        thread.execute(() -> {
            String key = n.orderingKey() == null ? "" : n.orderingKey();
            ArrayDeque<Pending> queue = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
            queue.add(new Pending(n, key));
            if (queue.size() == 1) {
                ready.add(key);
            }
            pump();
        });
    }

    /** Stops the thread and hands back what was never confirmed, oldest first per key. */
    List<OutboundNotification> stop(Duration wait) throws InterruptedException {
        CompletableFuture<List<OutboundNotification>> left = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                List<OutboundNotification> all = new ArrayList<>();
                queues.values().forEach(q -> q.forEach(p -> all.add(p.n)));
                left.complete(all);
            });
        } catch (RejectedExecutionException e) {
            left.complete(List.of());
        }
        thread.shutdownNow();
        thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        return left.getNow(List.of());
    }

    private void pump() {
        while (inFlight < options.maxInFlight() && !ready.isEmpty()) {
            long pause = pausedUntil - System.nanoTime();
            if (pause > 0) {
                if (wakeUp == null || wakeUp.isDone()) {
                    wakeUp = thread.schedule(this::pump, pause, TimeUnit.NANOSECONDS);
                }
                return;
            }
            transmit(queues.get(ready.poll()).peek());
        }
    }

    private void transmit(Pending p) {
        int attempt = ++p.attempt;
        inFlight++;
        p.timeout = thread.schedule(() -> settle(p, attempt, DeliveryOutcome.of(DeliveryOutcome.Kind.TIMED_OUT,
                "no confirm within " + options.confirmTimeout())), options.confirmTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            sender.send(p.n, outcome -> onLoop(() -> settle(p, attempt, outcome)));
        } catch (RuntimeException e) {
            onLoop(() -> settle(p, attempt, DeliveryOutcome.of(DeliveryOutcome.Kind.NOT_SENT, e.toString())));
        }
    }

    /** The first answer to an attempt counts; a confirm after its timeout is ignored. */
    private void settle(Pending p, int attempt, DeliveryOutcome outcome) {
        if (attempt != p.attempt || p.settled >= attempt) {
            return;
        }
        p.settled = attempt;
        inFlight--;
        p.timeout.cancel(false);
        if (outcome.confirmed()) {
            unreachableStreak = 0;
            ArrayDeque<Pending> queue = queues.get(p.key);
            queue.poll();
            if (queue.isEmpty()) {
                queues.remove(p.key);
            } else {
                ready.add(p.key);
            }
            listener.confirmed(p.n);
        } else {
            if (outcome.kind() == DeliveryOutcome.Kind.NOT_SENT) {
                unreachableStreak++;
                pausedUntil = System.nanoTime() + options.backoff(unreachableStreak).toNanos();
            }
            Duration wait = options.backoff(attempt);
            listener.retrying(p.n, outcome, attempt, wait);
            thread.schedule(() -> {
                ready.addFirst(p.key); // the key's oldest notification goes first again
                pump();
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        pump();
    }

    private void onLoop(Runnable r) {
        try {
            thread.execute(r);
        } catch (RejectedExecutionException e) {
            // stopped: what is still unconfirmed was handed back by stop()
        }
    }
}
