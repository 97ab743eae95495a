package org.computeworker.worker.record.local;

import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.ActionEventRecord;
import org.computeworker.worker.state.ActionStore;

/** Standalone: instance actions and their events live in the state file. */
public final class LocalActionEvents implements ActionEventRecord {
    private final ActionStore store;

    public LocalActionEvents(ActionStore store) {
        this.store = store;
    }

    @Override
    public Started start(RequestContext ctx, String instanceUuid, String action, String event, String host) {
        long id = store.startEvent(instanceUuid, action, ctx.requestId(), ctx.userId(), ctx.projectId(), event, host);
        return new Started(instanceUuid, action, event, id);
    }

    @Override
    public void finish(RequestContext ctx, Started event, Failure failure) {
        if (failure == null) {
            store.finishEvent(event.localId(), "Success", null);
        } else {
            store.finishEvent(event.localId(), "Error", failure.traceback());
        }
    }
}
