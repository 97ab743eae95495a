package org.computeworker.worker.virt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;

/** The arguments of nova's driver.spawn, gathered so the call stays readable. */
public record SpawnRequest(
        RequestContext context,
        Instance instance,
        ImageMeta image,
        ArrayNode networkInfo,
        BlockDeviceMappingList blockDevices,
        String adminPassword,
        boolean powerOn) {
}
