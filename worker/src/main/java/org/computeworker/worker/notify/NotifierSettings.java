package org.computeworker.worker.notify;

import java.util.ArrayList;
import java.util.List;
import org.computeworker.worker.config.NotificationOptions;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.config.WorkerConfig;

/**
 * What the {@link Notifier} needs from nova.conf: who publishes ({@code [DEFAULT] host}), which
 * formats go out on which topics and in which encodings (one per messaging driver, as oslo
 * sends once per driver), and the options payloads depend on.
 *
 * @param encodings {@code true} for the messagingv2 2.0 envelope, {@code false} for messaging's
 *                  1.0 form; empty when notifications are off (noop or no driver)
 */
public record NotifierSettings(
        String host,
        List<Boolean> encodings,
        boolean legacy,
        boolean versioned,
        List<String> legacyTopics,
        List<String> versionedTopics,
        boolean bdmsInNotifications,
        String glanceApiServer,
        String auditPeriodUnit,
        String instanceNameTemplate) {

    public static NotifierSettings from(WorkerConfig config) {
        OptionReader r = config.reader();
        String audit = r.string("DEFAULT", "instance_usage_audit_period", "month");
        if (!AuditPeriod.validUnit(audit)) {
            throw r.invalid("DEFAULT", "instance_usage_audit_period", audit, "hour, day, month or year[@offset]");
        }
        return of(config.compute().host(), config.notifications(), audit,
                r.string("DEFAULT", "instance_name_template", InstanceNames.DEFAULT_TEMPLATE));
    }

    public static NotifierSettings of(String host, NotificationOptions n, String auditPeriodUnit,
                                      String instanceNameTemplate) {
        List<Boolean> encodings = new ArrayList<>();
        if (n.drivers().contains("messagingv2")) {
            encodings.add(true);
        }
        if (n.drivers().contains("messaging")) {
            encodings.add(false);
        }
        return new NotifierSettings(host, List.copyOf(encodings), n.legacy(), n.versioned(), n.topics(),
                n.versionedTopics(), n.bdmsInNotifications(), n.glanceApiServerForUrls(), auditPeriodUnit,
                instanceNameTemplate);
    }

    /** rpc.get_notifier('compute', host). */
    public String legacyPublisher() {
        return "compute." + host;
    }

    /** NotificationPublisher(host, source=nova-compute). */
    public String versionedPublisher() {
        return "nova-compute:" + host;
    }
}
