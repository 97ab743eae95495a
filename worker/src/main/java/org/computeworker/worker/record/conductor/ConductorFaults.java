package org.computeworker.worker.record.conductor;

import org.computeworker.messages.Json;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.FaultRecord;

/** nova's add_instance_fault_from_exc: an InstanceFault created through the conductor. */
public final class ConductorFaults implements FaultRecord {
    private final ConductorCalls conductor;

    public ConductorFaults(ConductorCalls conductor) {
        this.conductor = conductor;
    }

    @Override
    public void create(RequestContext ctx, Fault f) {
        NovaObject fault = NovaObject.of(NovaObject.newPrimitive("InstanceFault", "1.2"));
        fault.setField("host", Json.NODES.textNode(f.host()));
        fault.setField("instance_uuid", Json.NODES.textNode(f.instanceUuid()));
        fault.setField("code", Json.NODES.numberNode(f.code()));
        fault.setField("message", Json.NODES.textNode(f.message()));
        fault.setField("details", Json.NODES.textNode(f.details()));
        conductor.action(ctx, fault, "create", ConductorCalls.kwargs());
    }
}
