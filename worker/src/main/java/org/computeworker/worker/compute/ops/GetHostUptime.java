package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;

/** nova's get_host_uptime: what os-hypervisors shows as a host's uptime (microversion 2.88 and later). */
@NovaDecorators({WRAP_EXCEPTION})
public final class GetHostUptime extends OperationSupport {
    public GetHostUptime(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "get_host_uptime";
    }

    @Override
    public void admit(Invocation inv) {
    }

    @Override
    public JsonNode run(Invocation inv) {
        return TextNode.valueOf(s.driver().hostUptime());
    }
}
