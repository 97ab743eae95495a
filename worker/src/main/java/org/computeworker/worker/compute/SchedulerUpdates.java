package org.computeworker.worker.compute;

import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.rpc.client.SchedulerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's {@code _update_scheduler_instance_info} / {@code _delete_scheduler_instance_info} /
 * {@code _sync_scheduler_instance_info}: the schedulers' view of this host's instances, sent only
 * when [filter_scheduler] track_instance_changes is on. A cast that fails is logged: the periodic
 * sync repairs the schedulers' view, as in nova.
 */
public final class SchedulerUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerUpdates.class);
    private final SchedulerClient client;
    private final String host;

    /** @param client null when instance changes are not tracked */
    public SchedulerUpdates(SchedulerClient client, String host) {
        this.client = client;
        this.host = host;
    }

    public static SchedulerUpdates off(String host) {
        return new SchedulerUpdates(null, host);
    }

    public boolean enabled() {
        return client != null;
    }

    public void updated(RequestContext ctx, Instance instance) {
        updated(ctx, List.of(instance));
    }

    public void updated(RequestContext ctx, List<Instance> instances) {
        if (client != null) {
            guard("update_instance_info", () -> client.updateInstanceInfo(ctx.elevated(), host, instances));
        }
    }

    public void deleted(RequestContext ctx, String instanceUuid) {
        if (client != null) {
            guard("delete_instance_info", () -> client.deleteInstanceInfo(ctx.elevated(), host, instanceUuid));
        }
    }

    public void sync(RequestContext ctx, List<String> instanceUuids) {
        if (client != null) {
            guard("sync_instance_info", () -> client.syncInstanceInfo(ctx.elevated(), host, instanceUuids));
        }
    }

    private static void guard(String what, Runnable cast) {
        try {
            cast.run();
        } catch (RuntimeException e) {
            LOG.warn("could not send {} to the schedulers: {}", what, e.toString());
        }
    }
}
