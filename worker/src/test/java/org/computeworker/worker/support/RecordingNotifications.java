package org.computeworker.worker.support;

import java.util.ArrayList;
import java.util.List;
import org.computeworker.worker.notify.NotificationSink;
import org.computeworker.worker.notify.OutboundNotification;

/** Records, in order, the event types a host's notifier emits, per instance (its ordering key). */
public final class RecordingNotifications implements NotificationSink {
    private final List<OutboundNotification> sent = new ArrayList<>();

    @Override
    public synchronized void publish(OutboundNotification n) {
        sent.add(n);
    }

    public synchronized List<String> eventsFor(String instanceUuid) {
        return sent.stream().filter(n -> instanceUuid.equals(n.orderingKey())).map(OutboundNotification::eventType)
                .toList();
    }

    public synchronized List<OutboundNotification> all() {
        return List.copyOf(sent);
    }

    public synchronized void clear() {
        sent.clear();
    }
}
