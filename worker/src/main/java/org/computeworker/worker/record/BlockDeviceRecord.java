package org.computeworker.worker.record;

import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.rpc.RequestContext;

/** nova's BlockDeviceMappingList as a compute host reads it. */
public interface BlockDeviceRecord {
    /** {@code BlockDeviceMappingList.get_by_instance_uuid}; never null. */
    BlockDeviceMappingList forInstance(RequestContext ctx, String instanceUuid);
}
