package org.computeworker.worker.errors;

import static org.computeworker.worker.errors.NovaException.kw;

import java.util.Map;
import org.computeworker.messages.PythonRepr;

/**
 * nova's UnexpectedTaskStateError: a compare-and-swap on instance state found another state, so the
 * message is stale or repeated. Its kwargs have nova's shape ({@code expected: {'task_state':
 * [...]}}, {@code actual: {'task_state': ...}}, more fields when more were checked) and its message
 * nova's wording, so a Python caller reads it as nova's own. Operations must not revert task_state
 * on it: another flow owns the instance.
 */
public final class UnexpectedTaskStateError extends NovaException {
    public UnexpectedTaskStateError(String instanceUuid, Map<String, ?> expected, Map<String, ?> actual) {
        super("UnexpectedTaskStateError", 500, "Conflict updating instance " + instanceUuid + ". Expected: "
                + PythonRepr.of(expected) + ". Actual: " + PythonRepr.of(actual),
                kw("instance_uuid", instanceUuid, "expected", expected, "actual", actual));
    }

    /** As nova-conductor raised it: its message and kwargs, unchanged. */
    public UnexpectedTaskStateError(String message, Map<String, ?> kwargs) {
        super("UnexpectedTaskStateError", 500, message, kwargs);
    }
}
