package org.computeworker.worker.compute.interceptors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.computeworker.worker.compute.InstanceFaults;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.record.ActionEventRecord;
import org.computeworker.worker.errors.RecordUnavailableException;

/**
 * nova's {@code @wrap_instance_event(prefix='compute')}: records event {@code compute_<method>} under
 * the request's instance action, with result Success or Error and the traceback. A build's event is
 * {@code compute__do_build_and_run_instance}: nova decorates that helper, not the RPC method.
 */
public final class WrapInstanceEvent implements Interceptor {
    /** The action the API records for each compute method (nova's instance_actions names). */
    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("prep_resize", "resize"), Map.entry("resize_instance", "resize"),
            Map.entry("finish_resize", "resize"), Map.entry("confirm_resize", "confirmResize"),
            Map.entry("revert_resize", "revertResize"), Map.entry("finish_revert_resize", "revertResize"),
            Map.entry("start_instance", "start"), Map.entry("stop_instance", "stop"),
            Map.entry("build_and_run_instance", "create"), Map.entry("terminate_instance", "delete"),
            Map.entry("reboot_instance", "reboot"));

    /** Where nova decorates a helper rather than the RPC method, the event is named after the helper. */
    private static final Map<String, String> EVENT_METHODS = Map.of(
            "build_and_run_instance", "_do_build_and_run_instance");

    private final ActionEventRecord events;
    private final String host;

    public WrapInstanceEvent(ActionEventRecord events, String host) {
        this.events = events;
        this.host = host;
    }

    @Override
    public JsonNode around(Invocation inv, OperationStep next) throws Exception {
        var ctx = inv.context();
        ActionEventRecord.Started event = events.start(ctx, inv.instance().uuid(),
                ACTIONS.getOrDefault(inv.method(), inv.method()), "compute_" + EVENT_METHODS.getOrDefault(inv.method(),
                        inv.method()), host);
        try {
            JsonNode result = next.proceed(inv);
            events.finish(ctx, event, null);
            return result;
        } catch (RecordUnavailableException e) {
            throw e; // not a failure: the operation runs again once the record answers
        } catch (Exception e) {
            events.finish(ctx, event, InstanceFaults.eventFailure(e));
            throw e;
        }
    }
}
