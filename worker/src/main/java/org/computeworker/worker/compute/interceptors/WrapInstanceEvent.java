package org.computeworker.worker.compute.interceptors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.dispatch.FailureEncoder;
import org.computeworker.worker.state.ActionStore;

/**
 * nova's {@code @wrap_instance_event(prefix='compute')}: records event {@code compute_<method>} under
 * the request's instance action, with result Success or Error and the traceback.
 */
public final class WrapInstanceEvent implements Interceptor {
    /** The action the API records for each compute method (nova's instance_actions names). */
    private static final Map<String, String> ACTIONS = Map.of(
            "prep_resize", "resize", "resize_instance", "resize", "finish_resize", "resize",
            "confirm_resize", "confirmResize", "revert_resize", "revertResize", "finish_revert_resize", "revertResize",
            "start_instance", "start", "stop_instance", "stop", "build_and_run_instance", "create");

    private final ActionStore actions;
    private final String host;

    public WrapInstanceEvent(ActionStore actions, String host) {
        this.actions = actions;
        this.host = host;
    }

    @Override
    public JsonNode around(Invocation inv, OperationStep next) throws Exception {
        var ctx = inv.context();
        long event = actions.startEvent(inv.instance().uuid(), ACTIONS.getOrDefault(inv.method(), inv.method()),
                ctx.requestId(), ctx.userId(), ctx.projectId(), "compute_" + inv.method(), host);
        try {
            JsonNode result = next.proceed(inv);
            actions.finishEvent(event, "Success", null);
            return result;
        } catch (Exception e) {
            actions.finishEvent(event, "Error", String.join("", FailureEncoder.encode(e).traceback()));
            throw e;
        }
    }
}
