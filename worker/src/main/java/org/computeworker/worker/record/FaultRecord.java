package org.computeworker.worker.record;

import org.computeworker.messages.rpc.RequestContext;

/** nova's InstanceFault: {@code add_instance_fault_from_exc} writes one for a failed operation. */
public interface FaultRecord {
    /** A fault as nova's exception_to_dict shapes it: code, message (at most 255 characters), details. */
    record Fault(String instanceUuid, int code, String message, String details, String host) {
    }

    void create(RequestContext ctx, Fault fault);
}
