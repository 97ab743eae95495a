package org.computeworker.worker.record.conductor;

import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.BlockDeviceRecord;

/** BlockDeviceMappingList.get_by_instance_uuid through the conductor. */
public final class ConductorBlockDevices implements BlockDeviceRecord {
    private final ConductorCalls conductor;

    public ConductorBlockDevices(ConductorCalls conductor) {
        this.conductor = conductor;
    }

    @Override
    public BlockDeviceMappingList forInstance(RequestContext ctx, String instanceUuid) {
        return BlockDeviceMappingList.from(conductor.classAction(ctx, BlockDeviceMappingList.OBJ_NAME,
                "get_by_instance_uuid", ConductorCalls.args(instanceUuid), ConductorCalls.kwargs()));
    }
}
