package org.computeworker.worker.record;

import java.util.List;
import java.util.Optional;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;

/** nova's Migration and MigrationList methods a compute host calls. */
public interface MigrationRecord {
    /** {@code migration.save()}. */
    void save(RequestContext ctx, Migration migration);

    /** {@code MigrationList.get_in_progress_and_error(host, node)}: moves touching this host not yet over. */
    List<Migration> inProgressAndError(RequestContext ctx, String host, String node);

    /** The migration a move of {@code instance} that was interrupted here was running (init_host's view). */
    Optional<Migration> interruptedMove(RequestContext ctx, Instance instance);
}
