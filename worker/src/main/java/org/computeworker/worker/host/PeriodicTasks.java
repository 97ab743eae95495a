package org.computeworker.worker.host;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's periodic tasks and timers: each task first runs after a random share of
 * {@code [DEFAULT] periodic_fuzzy_delay} (so hosts started together do not report together), then
 * every {@code spacing} after the previous run ended, never overlapping itself. Runs and failures
 * are counted per task ({@code compute_worker_periodic_task_runs_total{task,outcome}}); a failure is
 * logged and the next run tries again.
 */
public final class PeriodicTasks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTasks.class);

    private final ScheduledExecutorService timer;
    private final MeterRegistry registry;
    private final Duration fuzzyDelay;

    public PeriodicTasks(MeterRegistry registry, Duration fuzzyDelay) {
        this.registry = registry;
        this.fuzzyDelay = fuzzyDelay;
        this.timer = Executors.newScheduledThreadPool(2, runnable -> {
            Thread t = new Thread(runnable, "periodic");
            t.setDaemon(true);
            return t;
        });
    }

    /** A periodic task: first after the fuzzy delay, then every {@code spacing}. */
    public void every(String name, Duration spacing, Runnable task) {
        long fuzz = fuzzyDelay.isZero() ? 0 : ThreadLocalRandom.current().nextLong(fuzzyDelay.toMillis() + 1);
        schedule(name, Duration.ofMillis(fuzz), spacing, task);
    }

    /** A timer with a fixed first delay (nova's service heartbeat starts after 5 s, whatever the fuzz). */
    public void schedule(String name, Duration firstDelay, Duration spacing, Runnable task) {
        Counter ok = Counter.builder("compute_worker_periodic_task_runs").tag("task", name).tag("outcome", "success")
                .description("Runs of the worker's periodic tasks").register(registry);
        Counter failed = Counter.builder("compute_worker_periodic_task_runs").tag("task", name)
                .tag("outcome", "failure").description("Runs of the worker's periodic tasks").register(registry);
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
                ok.increment();
            } catch (RuntimeException e) {
                failed.increment();
                LOG.error("periodic task {} failed: {}", name, e.toString());
            } catch (Error e) {
                failed.increment();
                LOG.error("periodic task {} failed", name, e);
            }
        }, firstDelay.toMillis(), spacing.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("periodic task {} runs every {} s", name, spacing.toSeconds());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
