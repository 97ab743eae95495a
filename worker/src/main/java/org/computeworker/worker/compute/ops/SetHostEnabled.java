package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.HostStatus;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's set_host_enabled: the API disabled or enabled this host's service, and the providers of
 * its nodes take or lose COMPUTE_STATUS_DISABLED at once (placement's pre-filter then skips them);
 * a failure there is only logged, the next resource audit syncs the trait. Answers "enabled" or
 * "disabled", as nova's drivers that cannot switch a host do.
 */
@NovaDecorators({WRAP_EXCEPTION})
public final class SetHostEnabled extends OperationSupport {
    private static final Logger LOG = LoggerFactory.getLogger(SetHostEnabled.class);
    private final HostStatus status;

    public SetHostEnabled(ComputeServices services, HostStatus status) {
        super(services);
        this.status = status;
    }

    @Override
    public String method() {
        return "set_host_enabled";
    }

    @Override
    public void admit(Invocation inv) {
        if (inv.args().get("enabled") == null) {
            throw new org.computeworker.messages.MalformedMessageException("argument 'enabled' is missing");
        }
    }

    @Override
    public JsonNode run(Invocation inv) {
        boolean enabled = inv.args().bool("enabled", true);
        try {
            status.setEnabled(enabled);
        } catch (org.computeworker.worker.errors.NovaException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("An error occurred while updating COMPUTE_STATUS_DISABLED trait on the compute node resource "
                    + "providers of this host; the trait will be synchronized when update_available_resource runs: {}",
                    e.toString());
        }
        return TextNode.valueOf(enabled ? "enabled" : "disabled");
    }
}
