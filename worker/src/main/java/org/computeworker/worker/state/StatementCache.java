package org.computeworker.worker.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements kept for the life of the one connection: compiling SQL costs more than
 * running these small statements. Used only under the database lock.
 */
final class StatementCache {
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private Connection owner;

    PreparedStatement get(Connection c, String sql) throws SQLException {
        if (owner != c) {
            statements.clear();
            owner = c;
        }
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = c.prepareStatement(sql);
            statements.put(sql, p);
        }
        p.clearParameters();
        return p;
    }
}
