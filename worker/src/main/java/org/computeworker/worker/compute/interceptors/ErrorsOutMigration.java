package org.computeworker.worker.compute.interceptors;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.messages.objects.Migration;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.errors.UnexpectedTaskStateError;
import org.computeworker.worker.record.MigrationRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.computeworker.worker.errors.RecordUnavailableException;

/** nova's {@code @errors_out_migration}: a failed step leaves the migration in status error. */
public final class ErrorsOutMigration implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorsOutMigration.class);
    private final MigrationRecord migrations;

    public ErrorsOutMigration(MigrationRecord migrations) {
        this.migrations = migrations;
    }

    @Override
    public JsonNode around(Invocation inv, OperationStep next) throws Exception {
        try {
            return next.proceed(inv);
        } catch (UnexpectedTaskStateError | RecordUnavailableException e) {
            throw e; // a stale message must not touch the migration another step owns; a held one runs again
        } catch (Exception e) {
            Migration m = inv.migration();
            if (m != null) {
                try {
                    m.setStatus(States.MIGRATION_ERROR);
                    migrations.save(inv.context(), m);
                } catch (RuntimeException saveFailure) {
                    LOG.debug("Error setting migration status for instance {}.", m.instanceUuid(), saveFailure);
                }
            }
            throw e;
        }
    }
}
