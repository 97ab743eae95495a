package org.computeworker.worker.config;

import java.util.List;

/**
 * {@code [oslo_messaging_notifications]} and {@code [notifications]}: which notifications are
 * sent, in which format, on which topics.
 */
public record NotificationOptions(
        List<String> drivers,
        List<String> topics,
        String transportUrl,
        String format,
        List<String> versionedTopics,
        boolean bdmsInNotifications,
        String glanceApiServerForUrls) {

    public static final String UNVERSIONED = "unversioned";
    public static final String VERSIONED = "versioned";
    public static final String BOTH = "both";

    static NotificationOptions read(OptionReader r) {
        List<String> drivers = r.multi("oslo_messaging_notifications", "driver", List.of());
        for (String d : drivers) {
            if (!List.of("messagingv2", "messaging", "noop", "log", "routing", "test").contains(d)) {
                throw r.invalid("oslo_messaging_notifications", "driver", d, "messagingv2, messaging or noop");
            }
        }
        List<String> apiServers = r.list("glance", "api_servers", List.of());
        return new NotificationOptions(
                drivers,
                r.list("oslo_messaging_notifications", "topics", List.of("notifications")),
                r.optional("oslo_messaging_notifications", "transport_url").orElse(null),
                r.choice("notifications", "notification_format", UNVERSIONED, UNVERSIONED, VERSIONED, BOTH),
                r.list("notifications", "versioned_notifications_topics", List.of("versioned_notifications")),
                r.bool("notifications", "bdms_in_notifications", false),
                apiServers.isEmpty() ? null : apiServers.get(0));
    }

    /** Whether any messaging driver is configured (unset or noop sends nothing, as oslo). */
    public boolean enabled() {
        return drivers.stream().anyMatch(d -> d.equals("messagingv2") || d.equals("messaging"));
    }

    /** messagingv2 wraps in the 2.0 envelope; messaging sends the 1.0 form. */
    public boolean envelope() {
        return drivers.contains("messagingv2") || !drivers.contains("messaging");
    }

    public boolean legacy() {
        return enabled() && (format.equals(UNVERSIONED) || format.equals(BOTH));
    }

    public boolean versioned() {
        return enabled() && (format.equals(VERSIONED) || format.equals(BOTH));
    }
}
