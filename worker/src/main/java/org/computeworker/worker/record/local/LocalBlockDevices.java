package org.computeworker.worker.record.local;

import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.BlockDeviceRecord;

/**
 * Standalone: no block device mappings are kept (the worker attaches no volumes); a build's own
 * mappings travel with its message.
 */
public final class LocalBlockDevices implements BlockDeviceRecord {
    @Override
    public BlockDeviceMappingList forInstance(RequestContext ctx, String instanceUuid) {
        var primitive = NovaObject.newPrimitive(BlockDeviceMappingList.OBJ_NAME, "1.18");
        primitive.with(NovaObject.DATA).putArray("objects");
        return BlockDeviceMappingList.from(primitive);
    }
}
