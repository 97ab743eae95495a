package org.computeworker.worker.record.local;

import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.FaultRecord;
import org.computeworker.worker.state.FaultStore;

/** Standalone: instance faults live in the state file. */
public final class LocalFaults implements FaultRecord {
    private final FaultStore store;

    public LocalFaults(FaultStore store) {
        this.store = store;
    }

    @Override
    public void create(RequestContext ctx, Fault f) {
        store.add(new FaultStore.Fault(f.instanceUuid(), f.code(), f.message(), f.details(), f.host(),
                System.currentTimeMillis()));
    }
}
