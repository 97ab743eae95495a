package org.computeworker.worker.host;

import org.computeworker.messages.objects.Service;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.errors.RecordUnavailableException;
import org.computeworker.worker.record.ServiceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova-compute's service record: registered at start as nova's Service.start does (found by host
 * and binary and its version brought to this release's, or created, disabled when
 * [DEFAULT] enable_new_services is off), then saved every report_interval with report_count + 1,
 * which is what keeps the host "up" in os-services and for the scheduler. Each save brings back
 * what an operator changed (disabled, forced_down); a lost conductor is logged once, as nova does.
 */
public final class ServiceHeartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceHeartbeat.class);
    static final String DISABLED_BY_CONFIG = "New service disabled due to config option.";

    private final ServiceRecord services;
    private final String host;
    private final boolean enableNewServices;
    private volatile Service service;
    private volatile boolean disconnected;

    public ServiceHeartbeat(ServiceRecord services, String host, boolean enableNewServices) {
        this.services = services;
        this.host = host;
        this.enableNewServices = enableNewServices;
    }

    /** Finds or creates this host's nova-compute service. */
    public Service register() {
        RequestContext ctx = RequestContext.admin();
        Service found = services.getByHostAndBinary(ctx, host, NovaRelease.BINARY).orElse(null);
        if (found != null) {
            if (found.version() == null || found.version() != NovaRelease.SERVICE_VERSION) {
                LOG.info("Updating service version for {} on {} from {} to {}", NovaRelease.BINARY, host,
                        found.version(), NovaRelease.SERVICE_VERSION);
                found.setVersion(NovaRelease.SERVICE_VERSION);
                services.save(ctx, found);
            }
        } else {
            found = create(ctx);
        }
        service = found;
        LOG.info("registered as {} on host {} (service id {}, uuid {}){}", NovaRelease.BINARY, host, found.id(),
                found.uuid(), found.disabled() ? ", disabled: " + found.disabledReason() : "");
        return found;
    }

    private Service create(RequestContext ctx) {
        Service created = Service.create(host, NovaRelease.BINARY, NovaRelease.TOPIC);
        created.setVersion(NovaRelease.SERVICE_VERSION);
        if (!enableNewServices) {
            created.setDisabled(true, DISABLED_BY_CONFIG);
        }
        try {
            services.create(ctx, created);
            return created;
        } catch (NovaException e) {
            if (e.is(NovaError.SERVICE_TOPIC_EXISTS) || e.is(NovaError.SERVICE_BINARY_EXISTS)) {
                return services.getByHostAndBinary(ctx, host, NovaRelease.BINARY).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** One heartbeat (nova's servicegroup db driver _report_state). */
    public void beat() {
        Service current = service;
        if (current == null) {
            return;
        }
        try {
            current.setReportCount(current.reportCount() + 1);
            services.save(RequestContext.admin(), current);
            if (disconnected) {
                disconnected = false;
                LOG.info("Recovered from being unable to report status.");
            }
        } catch (RecordUnavailableException e) {
            if (!disconnected) {
                disconnected = true;
                LOG.warn("Lost connection to nova-conductor for reporting service status: {}", e.getMessage());
            }
        }
    }

    /** Whether an operator disabled this host's service (the scheduler then places nothing here). */
    public boolean disabled() {
        Service current = service;
        return current != null && current.disabled();
    }

    /** The API changed the service: what the next heartbeat brings back is known now. */
    public void noteEnabled(boolean enabled) {
        Service current = service;
        if (current != null && current.disabled() == enabled) {
            current.setField("disabled", org.computeworker.messages.Json.NODES.booleanNode(!enabled));
            current.resetChanges(); // the record already holds it: the heartbeat must not write it back
        }
    }

    public Service service() {
        return service;
    }

    /** True while heartbeats cannot reach nova-conductor. */
    public boolean disconnected() {
        return disconnected;
    }
}
