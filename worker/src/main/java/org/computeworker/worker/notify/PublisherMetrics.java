package org.computeworker.worker.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * What on-call watches on notification delivery: confirmed sends, retries (a rising rate means
 * broker trouble), notifications given up (only at shutdown past its timeout), how often the
 * outstanding bound made an operation wait, and how many are outstanding now.
 */
final class PublisherMetrics {
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;
    private final Counter blocked;

    PublisherMetrics(MeterRegistry registry, Supplier<Number> outstanding) {
        sent = Counter.builder("compute_worker.notifications.sent")
                .description("Notifications the broker confirmed").register(registry);
        retried = Counter.builder("compute_worker.notifications.retried")
                .description("Notification sends retried after a nack, return, confirm timeout or lost connection")
                .register(registry);
        failed = Counter.builder("compute_worker.notifications.failed")
                .description("Notifications never confirmed: still outstanding when the publisher closed")
                .register(registry);
        blocked = Counter.builder("compute_worker.notifications.blocked")
                .description("Publishes that had to wait because the outstanding-notification bound was reached")
                .register(registry);
        Gauge.builder("compute_worker.notifications.outstanding", outstanding)
                .description("Notifications accepted and not yet confirmed by the broker").register(registry);
    }

    void sent() {
        sent.increment();
    }

    void retried() {
        retried.increment();
    }

    void failed(int count) {
        failed.increment(count);
    }

    void blocked() {
        blocked.increment();
    }
}
