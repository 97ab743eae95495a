package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.NovaObject;

/** Whole nova object primitives by kind and key: the standalone record of services and compute nodes. */
public final class RecordObjectStore {
    private final Database db;

    public RecordObjectStore(Database db) {
        this.db = db;
    }

    public Optional<com.fasterxml.jackson.databind.node.ObjectNode> find(String kind, String key) {
        return db.read(c -> {
            PreparedStatement p = Database.cached(c, "SELECT primitive FROM record_objects WHERE kind = ? AND key = ?");
            p.setString(1, kind);
            p.setString(2, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                        rs.getString(1))) : Optional.empty();
            }
        });
    }

    public void put(String key, NovaObject object) {
        String text = Json.write(object.toPrimitive());
        db.transaction(c -> {
            PreparedStatement p = Database.cached(c, "INSERT INTO record_objects(kind, key, primitive) VALUES (?,?,?) "
                    + "ON CONFLICT(kind, key) DO UPDATE SET primitive = excluded.primitive");
            p.setString(1, object.objectName());
            p.setString(2, key);
            p.setString(3, text);
            return p.executeUpdate();
        });
    }
}
