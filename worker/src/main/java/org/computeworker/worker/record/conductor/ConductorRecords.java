package org.computeworker.worker.record.conductor;

import org.computeworker.worker.record.NovaRecord;
import org.computeworker.worker.state.MigrationStore;

/** nova's database through nova-conductor: what a nova.conf means. */
public final class ConductorRecords {
    private ConductorRecords() {
    }

    /** @param history this host's own history of migrations, which every migration save also updates */
    public static NovaRecord create(ConductorCalls conductor, MigrationStore history) {
        return new NovaRecord(new ConductorInstanceRecord(conductor), new ConductorMigrationRecord(conductor, history),
                new ConductorActionEvents(conductor), new ConductorFaults(conductor),
                new ConductorBlockDevices(conductor), new ConductorServices(conductor),
                new ConductorComputeNodes(conductor));
    }
}
