package org.computeworker.worker.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.state.JournalStatus;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** How each kind of end of a message is journaled, counted and logged, decided in one place. */
class OutcomeTest {
    @Test
    void eachKindOfEndHasItsStatusTagAndLogLevel() {
        Outcome ok = Outcome.of(null);
        assertTrue(ok.succeeded());
        assertEquals("success", ok.tag());

        Outcome stale = Outcome.of(NovaErrors.unexpectedTaskState("u", Map.of("task_state", List.of("powering-off")),
                Map.of("task_state", "deleting")));
        assertEquals(JournalStatus.REFUSED, stale.status());
        assertEquals("unexpected_task_state", stale.rejection());
        assertEquals(Level.WARN, stale.level());

        Outcome notFound = Outcome.of(NovaErrors.instanceNotFound("u"));
        assertEquals(JournalStatus.FAILED, notFound.status());
        assertEquals(Level.WARN, notFound.level(), "nova counts it as expected: no traceback");
        assertFalse(notFound.traceback());

        Outcome broken = Outcome.of(NovaErrors.instancePowerOffFailure("stuck"));
        assertEquals(Level.ERROR, broken.level());
        assertTrue(broken.traceback());

        assertEquals("malformed", Outcome.of(new MalformedMessageException("bad")).tag());
        assertEquals("error", Outcome.of(new IllegalStateException("bug")).tag());
    }
}
