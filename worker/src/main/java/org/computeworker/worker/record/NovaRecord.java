package org.computeworker.worker.record;

/**
 * Every kind of record a compute host keeps in nova's database, from one place: through the
 * conductor or, standalone, in the local state file.
 */
public record NovaRecord(
        InstanceRecord instances,
        MigrationRecord migrations,
        ActionEventRecord actionEvents,
        FaultRecord faults,
        BlockDeviceRecord blockDevices,
        ServiceRecord services,
        ComputeNodeRecord computeNodes) {
}
