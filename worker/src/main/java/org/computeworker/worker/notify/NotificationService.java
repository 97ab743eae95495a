package org.computeworker.worker.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.worker.config.WorkerConfig;

/**
 * The worker's notifications, ready to use: a {@link Notifier} configured from nova.conf and, when
 * any notification is enabled, the {@link NotificationPublisher} behind it, on
 * {@code [oslo_messaging_notifications] transport_url} or else the RPC broker. Close it after the
 * operations have stopped: it flushes what they sent.
 */
public final class NotificationService implements AutoCloseable {
    private final Notifier notifier;
    private final NotificationPublisher publisher;
    private final Duration flushTimeout;

    private NotificationService(Notifier notifier, NotificationPublisher publisher, Duration flushTimeout) {
        this.notifier = notifier;
        this.publisher = publisher;
        this.flushTimeout = flushTimeout;
    }

    public static NotificationService start(WorkerConfig config, TransportUrl rpcBroker, MeterRegistry registry) {
        NotifierSettings settings = NotifierSettings.from(config);
        if (settings.encodings().isEmpty() || !(settings.legacy() || settings.versioned())) {
            return new NotificationService(new Notifier(settings, n -> { }), null, Duration.ZERO);
        }
        String url = config.notifications().transportUrl();
        NotificationPublisher publisher = NotificationPublisher.start(
                url == null ? rpcBroker : TransportUrl.parse(url), settings.host(), PublisherOptions.from(config),
                registry);
        Duration flush = Duration.ofSeconds(Math.max(1, config.compute().gracefulShutdownTimeoutSeconds()));
        return new NotificationService(new Notifier(settings, publisher), publisher, flush);
    }

    public Notifier notifier() {
        return notifier;
    }

    /** Notifications not yet confirmed by the broker (0 when notifications are off). */
    public int outstanding() {
        return publisher == null ? 0 : publisher.outstanding();
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close(flushTimeout);
        }
    }
}
