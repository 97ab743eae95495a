package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's external_instance_event: the events Neutron, Cinder and others send through nova's API
 * (network-vif-plugged, network-changed, volume-extended, power-update, ...), one per instance. Every
 * event name is accepted and logged; the worker has no networking or volumes of its own yet, so no
 * operation waits for one and none changes anything here.
 */
@NovaDecorators({WRAP_EXCEPTION})
public final class ExternalInstanceEvent extends OperationSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalInstanceEvent.class);

    public ExternalInstanceEvent(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "external_instance_event";
    }

    @Override
    public void admit(Invocation inv) {
        JsonNode events = inv.args().get("events");
        if (events == null || !events.isArray()) {
            throw new org.computeworker.messages.MalformedMessageException("argument 'events' must be a list");
        }
    }

    @Override
    public JsonNode run(Invocation inv) {
        for (JsonNode e : inv.args().get("events")) {
            NovaObject event = NovaObject.of(e);
            String name = event.string("name");
            String tag = event.string("tag");
            String key = tag == null ? name : name + "-" + tag;
            LOG.info("Received event {} for instance {} (status {}): nothing waits for it on this host", key,
                    event.string("instance_uuid"), event.string("status"));
        }
        return null;
    }
}
