package org.computeworker.worker.dispatch;

import org.computeworker.messages.MalformedMessageException;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.UnexpectedTaskStateError;
import org.computeworker.worker.state.JournalStatus;
import org.slf4j.event.Level;

/**
 * How a message's run ended, decided once from what it raised: the journal status, the metric's
 * outcome tag, the rejection counted (if it was one), and how it is logged. A stale or repeated
 * message is refused; a failure nova counts as expected is a warning without a traceback; any
 * other failure is an error with one.
 */
public record Outcome(JournalStatus status, String tag, String rejection, Level level, boolean traceback) {
    static final Outcome SUCCESS = new Outcome(JournalStatus.DONE, "success", null, Level.DEBUG, false);

    public static Outcome of(Throwable failure) {
        if (failure == null) {
            return SUCCESS;
        }
        if (failure instanceof UnexpectedTaskStateError) {
            return new Outcome(JournalStatus.REFUSED, "unexpected_task_state", "unexpected_task_state", Level.WARN,
                    false);
        }
        if (failure instanceof DispatcherError d) {
            String tag = d.isNoSuchMethod() ? "no_such_method" : "unsupported_version";
            return new Outcome(JournalStatus.FAILED, tag, tag, Level.ERROR, false);
        }
        if (failure instanceof MalformedMessageException) {
            return new Outcome(JournalStatus.FAILED, "malformed", null, Level.ERROR, false);
        }
        if (NovaError.of(failure).map(NovaError::expected).orElse(false)) {
            return new Outcome(JournalStatus.FAILED, "error", null, Level.WARN, false);
        }
        return new Outcome(JournalStatus.FAILED, "error", null, Level.ERROR, true);
    }

    public boolean succeeded() {
        return status == JournalStatus.DONE;
    }
}
