package org.computeworker.worker.controlplane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.messages.notifications.Notification;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.computeworker.rpc.client.MessagingOptions;
import org.computeworker.rpc.client.NotificationListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * What a billing listener sees of the compute hosts: every legacy ({@code notifications.*}) and
 * versioned ({@code versioned_notifications.*}) notification a compute host published, in arrival
 * order, per host and format. Notifications of other services (the conductor's instance.update,
 * the API's, the scheduler's) are left out: only the compute side is compared.
 */
final class ComputeNotifications implements AutoCloseable {
    private final CachingConnectionFactory connections;
    private final List<NotificationListener> listeners = new ArrayList<>();
    private final Map<String, List<String>> events = new LinkedHashMap<>();

    ComputeNotifications(String transportUrl, List<String> hosts) {
        connections = BrokerConnectionFactory.forUrl(TransportUrl.parse(transportUrl)).build();
        MessagingOptions options = MessagingOptions.defaults();
        for (String topic : List.of("notifications", "versioned_notifications")) {
            listeners.add(NotificationListener.builder(connections, options).topic(topic)
                    .priorities(List.of("info", "error", "warn"))
                    .onNotification(n -> record(topic, n, hosts)).start());
        }
    }

    private synchronized void record(String topic, Notification n, List<String> hosts) {
        String publisher = n.publisherId() == null ? "" : n.publisherId();
        for (String host : hosts) {
            if (publisher.equals("compute." + host) || publisher.equals("nova-compute:" + host)) {
                events.computeIfAbsent(host + " " + topic, k -> new ArrayList<>()).add(n.eventType());
            }
        }
    }

    /** Event types by "host topic", e.g. "hostA notifications". */
    synchronized Map<String, List<String>> events() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        events.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public void close() {
        listeners.forEach(NotificationListener::close);
        connections.destroy();
    }
}
