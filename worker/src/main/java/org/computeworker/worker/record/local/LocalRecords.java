package org.computeworker.worker.record.local;

import org.computeworker.worker.record.NovaRecord;
import org.computeworker.worker.state.ActionStore;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.FaultStore;
import org.computeworker.worker.state.InstanceStore;
import org.computeworker.worker.state.MigrationStore;
import org.computeworker.worker.state.RecordObjectStore;

/** The standalone record: every kind of nova record kept in the worker's state file. */
public final class LocalRecords {
    private LocalRecords() {
    }

    public static NovaRecord create(Database db, InstanceStore instances, MigrationStore migrations,
                                    ActionStore actions, FaultStore faults) {
        RecordObjectStore objects = new RecordObjectStore(db);
        return new NovaRecord(new LocalInstanceRecord(instances), new LocalMigrationRecord(migrations),
                new LocalActionEvents(actions), new LocalFaults(faults),
                new LocalBlockDevices(), new LocalServices(objects), new LocalComputeNodes(objects));
    }
}
