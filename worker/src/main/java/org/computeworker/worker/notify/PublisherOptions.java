package org.computeworker.worker.notify;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.computeworker.worker.config.MessagingOptions;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.config.WorkerConfig;

/**
 * How the {@link NotificationPublisher} declares and delivers: the exchange and default queues as
 * oslo's notify_send declares them ({@code [oslo_messaging_rabbit]} flags), and the worker's own
 * delivery bounds ({@code [compute_worker] notification_*}).
 *
 * @param maxOutstanding notifications accepted but not yet confirmed; beyond it publishing blocks
 * @param maxInFlight    notifications sent and awaiting their confirm at once (across instances)
 * @param confirmTimeout how long a confirm may take before the notification is sent again
 * @param firstRetry     the wait before the first retry; each further retry waits twice as long
 * @param maxRetry       the longest wait between retries ({@code rabbit_interval_max})
 */
public record PublisherOptions(
        String exchange,
        boolean durable,
        boolean autoDelete,
        boolean haQueues,
        boolean quorumQueues,
        int heartbeatSeconds,
        int maxOutstanding,
        int maxInFlight,
        Duration confirmTimeout,
        Duration firstRetry,
        Duration maxRetry) {

    public static final int DEFAULT_MAX_OUTSTANDING = 5000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    static final String SECTION = "compute_worker";

    public static PublisherOptions from(WorkerConfig config) {
        OptionReader r = config.reader();
        return of(config.messaging(),
                r.integer(SECTION, "notification_max_outstanding", DEFAULT_MAX_OUTSTANDING, 16, 1_000_000),
                Duration.ofSeconds(r.integer(SECTION, "notification_confirm_timeout", 30, 1, 3600)));
    }

    public static PublisherOptions of(MessagingOptions m, int maxOutstanding, Duration confirmTimeout) {
        if (m.quorumQueues() && m.haQueues()) {
            throw new IllegalArgumentException("[oslo_messaging_rabbit] rabbit_quorum_queue and rabbit_ha_queues "
                    + "are both enabled: a queue is quorum or mirrored, not both");
        }
        return new PublisherOptions(m.controlExchange(), m.amqpDurableQueues() || m.quorumQueues(),
                m.amqpAutoDelete(), m.haQueues(), m.quorumQueues(), m.heartbeatTimeoutSeconds(), maxOutstanding,
                Math.min(DEFAULT_MAX_IN_FLIGHT, maxOutstanding), confirmTimeout, Duration.ofMillis(250),
                Duration.ofSeconds(m.intervalMaxSeconds()));
    }

    /** oslo's _get_queue_arguments for the default notification queues (no expiry). */
    Map<String, Object> queueArguments() {
        Map<String, Object> args = new LinkedHashMap<>();
        if (haQueues) {
            args.put("x-ha-policy", "all");
        }
        if (quorumQueues) {
            args.put("x-queue-type", "quorum");
        }
        return args;
    }

    /** The wait before retry number {@code attempt} (1-based): doubling, capped. */
    Duration backoff(int attempt) {
        long millis = firstRetry.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, maxRetry.toMillis()));
    }
}
