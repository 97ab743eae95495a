package org.computeworker.worker.compute.interceptors;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.messages.objects.Migration;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.state.MigrationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** nova's {@code @errors_out_migration}: a failed step leaves the migration in status error. */
public final class ErrorsOutMigration implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorsOutMigration.class);
    private final MigrationStore migrations;

    public ErrorsOutMigration(MigrationStore migrations) {
        this.migrations = migrations;
    }

    @Override
    public JsonNode around(Invocation inv, OperationStep next) throws Exception {
        try {
            return next.proceed(inv);
        } catch (org.computeworker.worker.errors.UnexpectedTaskStateError e) {
            throw e; // a stale message must not touch the migration another step owns
        } catch (Exception e) {
            Migration m = inv.migration();
            if (m != null) {
                try {
                    m.setStatus(States.MIGRATION_ERROR);
                    migrations.save(m);
                } catch (RuntimeException saveFailure) {
                    LOG.debug("Error setting migration status for instance {}.", m.instanceUuid(), saveFailure);
                }
            }
            throw e;
        }
    }
}
