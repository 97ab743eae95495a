package org.computeworker.worker.host;

import java.time.Duration;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.compute.SchedulerUpdates;
import org.computeworker.worker.config.ControlPlaneOptions;
import org.computeworker.worker.record.InstanceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's membership of the control plane, started before the worker consumes (nova's
 * Service.start and pre_start_hook): the service registered, the first resource audit, then the
 * heartbeat every report_interval (first after 5 s, as nova's), the audit every
 * update_resources_interval and the schedulers' instance sync every scheduler_instance_sync_interval.
 */
public final class HostMembership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostMembership.class);
    private static final Duration FIRST_HEARTBEAT = Duration.ofSeconds(5);

    private final String host;
    private final ServiceHeartbeat heartbeat;
    private final ResourceAudit audit;
    private final SchedulerUpdates scheduler;
    private final InstanceRecord instances;
    private final ControlPlaneOptions options;
    private final PeriodicTasks periodic;

    public HostMembership(String host, ServiceHeartbeat heartbeat, ResourceAudit audit, SchedulerUpdates scheduler,
                          InstanceRecord instances, ControlPlaneOptions options, PeriodicTasks periodic) {
        this.host = host;
        this.heartbeat = heartbeat;
        this.audit = audit;
        this.scheduler = scheduler;
        this.instances = instances;
        this.options = options;
        this.periodic = periodic;
    }

    public void start() {
        heartbeat.register();
        try {
            audit.run();
        } catch (RuntimeException e) {
            // nova logs and lets the periodic audit try again; the host still consumes
            LOG.error("the first resource audit failed; it runs again in {} s: {}",
                    options.effectiveUpdateResourcesInterval(), e.toString());
        }
        periodic.schedule("report_state", FIRST_HEARTBEAT, Duration.ofSeconds(options.reportInterval()),
                heartbeat::beat);
        if (options.updateResourcesInterval() >= 0) {
            Duration every = Duration.ofSeconds(options.effectiveUpdateResourcesInterval());
            periodic.every("update_available_resource", every, audit::run);
        }
        if (scheduler.enabled() && options.schedulerInstanceSyncInterval() > 0) {
            periodic.every("sync_scheduler_instance_info", Duration.ofSeconds(options.schedulerInstanceSyncInterval()),
                    this::syncScheduler);
        }
    }

    private void syncScheduler() {
        RequestContext ctx = RequestContext.admin();
        scheduler.sync(ctx, instances.onHost(ctx, host).stream().map(Instance::uuid).toList());
    }

    public ServiceHeartbeat heartbeat() {
        return heartbeat;
    }

    public ResourceAudit audit() {
        return audit;
    }

    @Override
    public void close() {
        periodic.close();
    }
}
