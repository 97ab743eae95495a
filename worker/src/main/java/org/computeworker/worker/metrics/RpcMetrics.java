package org.computeworker.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an on-call engineer watches on the RPC server: time per method and outcome, messages
 * refused and why, and how many operations are in flight.
 */
public final class RpcMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger inflight;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    public RpcMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inflight = registry.gauge("compute_worker.rpc.inflight", new AtomicInteger());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void started() {
        inflight.incrementAndGet();
    }

    public void finished() {
        inflight.decrementAndGet();
    }

    public int inflight() {
        return inflight.get();
    }

    /** Records one dispatched message; outcome is success, error, unexpected_task_state, ... */
    public void record(String method, String outcome, long nanos) {
        timers.computeIfAbsent(method + '\n' + outcome, k -> timer(method, outcome)).record(Duration.ofNanos(nanos));
    }

    private Timer timer(String method, String outcome) {
        return Timer.builder("compute_worker.rpc.duration")
                .description("Time to run an RPC method, from dispatch to reply")
                .tag("method", method)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    /** A message refused before it ran: malformed, oversized, duplicate, expired, ... */
    public void rejected(String reason) {
        rejections.computeIfAbsent(reason, r -> Counter.builder("compute_worker.rpc.rejected")
                .description("RPC messages refused before they ran, by reason")
                .tag("reason", r)
                .register(registry)).increment();
    }
}
