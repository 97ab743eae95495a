package org.computeworker.worker.notify;

/** Where the {@link Notifier} hands encoded notifications: the broker publisher, or a test's list. */
@FunctionalInterface
public interface NotificationSink {
    /** Takes the notification for delivery; must not wait for the broker. */
    void publish(OutboundNotification notification);
}
