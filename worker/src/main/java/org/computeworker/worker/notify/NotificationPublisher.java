package org.computeworker.worker.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts notifications on the broker, on their own connection with publisher confirms, without
 * making the caller wait for the broker, and without losing any: a nack, a returned message, a
 * missing confirm or a lost connection sends it again (in order per instance, see
 * {@link PublishLoop}).
 *
 * <p>Memory is bounded: at most {@code maxOutstanding} notifications (5000 by default, a few KiB
 * each, so some 25 MiB) may be accepted and not yet confirmed. Past that, {@link #publish} waits
 * for room — the operation stalls, as nova's own operations stall while oslo retries a send —
 * and says so once per episode in the log and in {@code compute_worker.notifications.blocked}.
 * {@link #close} waits (bounded) for the rest to be confirmed; whatever is still unconfirmed then
 * is logged in full, so it can be replayed, and counted as failed.
 */
public final class NotificationPublisher implements NotificationSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationPublisher.class);
    private static final long RETRY_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ConfirmChannel channel;
    private final PublishLoop loop;
    private final PublisherMetrics metrics;
    private final Semaphore room;
    private final int maxOutstanding;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong lastRetryLog = new AtomicLong(System.nanoTime() - RETRY_LOG_INTERVAL_NANOS);
    private final Object idle = new Object();
    private volatile boolean blockedEpisode;
    private volatile boolean closed;
    private final AtomicBoolean closing = new AtomicBoolean();

    private NotificationPublisher(BrokerConnectionFactory broker, PublisherOptions options, MeterRegistry registry,
                                  String host) {
        this.maxOutstanding = options.maxOutstanding();
        this.room = new Semaphore(maxOutstanding);
        this.metrics = new PublisherMetrics(registry, outstanding::get);
        this.channel = new ConfirmChannel(broker, options);
        this.loop = new PublishLoop(channel, options, new PublishLoop.Listener() {
            @Override
            public void confirmed(OutboundNotification n) {
                onConfirmed();
            }

            @Override
            public void retrying(OutboundNotification n, DeliveryOutcome outcome, int attempt, Duration wait) {
                onRetry(n, outcome, attempt, wait);
            }
        }, "notifications-" + host);
    }

    /**
     * @param url the notification broker: {@code [oslo_messaging_notifications] transport_url} when
     *            set, else the RPC one
     */
    public static NotificationPublisher start(TransportUrl url, String host, PublisherOptions options,
                                              MeterRegistry registry) {
        BrokerConnectionFactory broker = BrokerConnectionFactory.forUrl(url)
                .heartbeat(java.time.Duration.ofSeconds(options.heartbeatSeconds()))
                .connectionName("compute-worker:" + host + ":notifications");
        return new NotificationPublisher(broker, options, registry, host);
    }

    @Override
    public void publish(OutboundNotification n) {
        if (closed) {
            LOG.error("notification published after the publisher closed, not sent: {} {}", n,
                    new String(n.body(), StandardCharsets.UTF_8));
            metrics.failed(1);
            return;
        }
        if (!room.tryAcquire()) {
            metrics.blocked();
            if (!blockedEpisode) {
                blockedEpisode = true;
                LOG.warn("{} notifications are waiting for the broker's confirm, the most the worker holds: "
                        + "operations now wait until the broker takes some", outstanding.get());
            }
            room.acquireUninterruptibly();
        }
        outstanding.incrementAndGet();
        loop.submit(n);
    }

    /** Notifications accepted and not yet confirmed by the broker. */
    public int outstanding() {
        return outstanding.get();
    }

    /** Waits until every notification published so far is confirmed. */
    public boolean awaitConfirmed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (outstanding.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** Flushes for at most {@code timeout}, then stops; the unconfirmed rest is logged in full. */
    public void close(Duration timeout) {
        if (closing.getAndSet(true)) {
            return;
        }
        try {
            if (!awaitConfirmed(timeout)) {
                LOG.error("{} notifications still unconfirmed after {}: giving up on them", outstanding.get(),
                        timeout);
            }
            closed = true;
            List<OutboundNotification> left = loop.stop(Duration.ofSeconds(5));
            for (OutboundNotification n : left) {
                LOG.error("unsent notification {}; body: {}", n, new String(n.body(), StandardCharsets.UTF_8));
            }
            metrics.failed(left.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            room.release(Integer.MAX_VALUE / 2); // nobody waits for room that will never come
            channel.close();
        }
    }

    private void onConfirmed() {
        metrics.sent();
        room.release();
        if (outstanding.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
        if (blockedEpisode && outstanding.get() < maxOutstanding / 2) {
            blockedEpisode = false;
            LOG.info("notification backlog is draining; operations no longer wait for the broker");
        }
    }

    private void onRetry(OutboundNotification n, DeliveryOutcome outcome, int attempt, Duration wait) {
        metrics.retried();
        long now = System.nanoTime();
        long last = lastRetryLog.get();
        if (now - last >= RETRY_LOG_INTERVAL_NANOS && lastRetryLog.compareAndSet(last, now)) {
            LOG.warn("notification {} not delivered: {}; retry {} in {} ms ({} outstanding)", n, outcome, attempt,
                    wait.toMillis(), outstanding.get());
        } else {
            LOG.debug("notification {} not delivered: {}; retry {} in {} ms", n, outcome, attempt, wait.toMillis());
        }
    }
}
