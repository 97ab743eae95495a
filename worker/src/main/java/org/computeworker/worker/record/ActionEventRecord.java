package org.computeworker.worker.record;

import org.computeworker.messages.rpc.RequestContext;

/**
 * nova's InstanceActionEvent: what {@code @wrap_instance_event} records under the action the API
 * created for the request ({@code event_start}, {@code event_finish_with_failure}).
 */
public interface ActionEventRecord {
    /** An event being recorded. {@code localId} is the local store's row, 0 through the conductor. */
    record Started(String instanceUuid, String action, String event, long localId) {
    }

    /** @param action the instance action the API recorded for this method (create, resize, stop, ...) */
    Started start(RequestContext ctx, String instanceUuid, String action, String event, String host);

    /** How an event failed: the error as nova's str(exc_val) gives it, and the formatted traceback. */
    record Failure(String message, String traceback) {
    }

    /** Finishes the event: Success when {@code failure} is null, else Error with its message and traceback. */
    void finish(RequestContext ctx, Started event, Failure failure);
}
