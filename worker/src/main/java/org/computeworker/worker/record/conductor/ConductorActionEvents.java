package org.computeworker.worker.record.conductor;

import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.ActionEventRecord;

/**
 * nova's EventReporter: InstanceActionEvent.event_start and event_finish_with_failure through the
 * conductor, under the action the API recorded for the request.
 */
public final class ConductorActionEvents implements ActionEventRecord {
    private static final String OBJ_NAME = "InstanceActionEvent";
    private final ConductorCalls conductor;

    public ConductorActionEvents(ConductorCalls conductor) {
        this.conductor = conductor;
    }

    @Override
    public Started start(RequestContext ctx, String instanceUuid, String action, String event, String host) {
        conductor.classAction(ctx, OBJ_NAME, "event_start", ConductorCalls.args(instanceUuid, event),
                ConductorCalls.kwargs("want_result", false, "host", host));
        return new Started(instanceUuid, action, event, 0);
    }

    @Override
    public void finish(RequestContext ctx, Started event, Failure failure) {
        conductor.classAction(ctx, OBJ_NAME, "event_finish_with_failure",
                ConductorCalls.args(event.instanceUuid(), event.event()),
                ConductorCalls.kwargs("exc_val", failure == null ? null : failure.message(),
                        "exc_tb", failure == null ? null : failure.traceback(), "want_result", false));
    }
}
