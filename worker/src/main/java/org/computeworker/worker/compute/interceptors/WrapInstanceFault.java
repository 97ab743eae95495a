package org.computeworker.worker.compute.interceptors;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.worker.compute.InstanceFaults;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.errors.RecordUnavailableException;

/** nova's {@code @wrap_instance_fault}: any failure but InstanceNotFound is recorded as an instance fault. */
public final class WrapInstanceFault implements Interceptor {
    private final InstanceFaults faults;

    public WrapInstanceFault(InstanceFaults faults) {
        this.faults = faults;
    }

    @Override
    public JsonNode around(Invocation inv, OperationStep next) throws Exception {
        try {
            return next.proceed(inv);
        } catch (RecordUnavailableException e) {
            throw e; // not a failure: the operation runs again once the record answers
        } catch (Exception e) {
            if (!InstanceFaults.isInstanceNotFound(e)) {
                faults.record(inv.context(), inv.instance().uuid(), e);
            }
            throw e;
        }
    }
}
