package org.computeworker.worker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instance actions on a real SQLite file: one action per request, also across a restart of the worker. */
class ActionStoreTest {
    @TempDir
    Path state;

    @Test
    void aRequestWhoseStepsStraddleARestartKeepsOneAction() throws Exception {
        try (Database db = Database.open(state, false)) {
            GroupCommitWriter writer = new GroupCommitWriter(db);
            ActionStore actions = new ActionStore(db, writer);
            long first = actions.startEvent("i1", "resize", "req-1", "u", "p", "compute_prep_resize", "hostB");
            actions.finishEvent(first, "Success", null);
            actions.startEvent("i1", "stop", "req-2", "u", "p", "compute_stop_instance", "hostB");
            actions.eventsFor("i1"); // waits for the writes
            writer.close();

            GroupCommitWriter restarted = new GroupCommitWriter(db);
            ActionStore again = new ActionStore(db, restarted);
            again.startEvent("i1", "resize", "req-1", "u", "p", "compute_finish_resize", "hostB");
            List<ActionStore.Event> events = again.eventsFor("i1");
            restarted.close();

            assertEquals(List.of("compute_prep_resize", "compute_stop_instance", "compute_finish_resize"),
                    events.stream().map(ActionStore.Event::event).toList());
            assertEquals(2L, (long) db.read(c -> {
                try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM actions")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }), "resize (req-1) and stop (req-2): the finish_resize event joined the resize");
        }
    }
}
