package org.computeworker.worker.errors;

import static org.computeworker.worker.errors.NovaException.kw;

/**
 * nova's UnexpectedTaskStateError: a compare-and-swap on task_state found another state, so the
 * message is stale or repeated. Operations must not revert task_state on it (another flow owns it).
 */
public final class UnexpectedTaskStateError extends NovaException {
    public UnexpectedTaskStateError(String instanceUuid, Object expected, Object actual) {
        super("UnexpectedTaskStateError", 500, "Conflict updating instance " + instanceUuid + ". Expected: "
                + describe(expected) + ". Actual: " + describe(actual),
                kw("instance_uuid", instanceUuid, "expected", describe(expected), "actual", describe(actual)));
    }

    private static String describe(Object o) {
        return String.valueOf(o);
    }
}
