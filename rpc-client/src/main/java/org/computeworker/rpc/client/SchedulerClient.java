package org.computeworker.rpc.client;

import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.rpc.RequestContext;

/**
 * nova.scheduler.rpcapi.SchedulerAPI's host updates (version 4.2, fanout casts to every scheduler):
 * what a compute tells the schedulers about its instances when [filter_scheduler]
 * track_instance_changes is on.
 */
public final class SchedulerClient {
    public static final String TOPIC = "scheduler";
    private static final String VERSION = "4.2";

    private final RpcClient rpc;
    private final Target target = Target.topic(TOPIC).withVersion("4.0").withFanout(true);

    /** @param versionCap [upgrade_levels] scheduler; null for none */
    public SchedulerClient(RpcClient rpc, String versionCap) {
        this.rpc = rpc.withVersionCap(versionCap);
    }

    /** The instances created or moved here, as an InstanceList. */
    public void updateInstanceInfo(RequestContext ctx, String host, List<Instance> instances) {
        var list = NovaObject.newPrimitive("InstanceList", "2.6");
        var objects = list.with(NovaObject.DATA).putArray("objects");
        instances.forEach(i -> objects.add(i.toPrimitive()));
        list.putArray(NovaObject.CHANGES).add("objects");
        cast(ctx, "update_instance_info", RpcArgs.create().put("host_name", host).put("instance_info", list));
    }

    public void deleteInstanceInfo(RequestContext ctx, String host, String instanceUuid) {
        cast(ctx, "delete_instance_info", RpcArgs.create().put("host_name", host).put("instance_uuid", instanceUuid));
    }

    public void syncInstanceInfo(RequestContext ctx, String host, List<String> instanceUuids) {
        cast(ctx, "sync_instance_info", RpcArgs.create().put("host_name", host).put("instance_uuids", instanceUuids));
    }

    private void cast(RequestContext ctx, String method, RpcArgs args) {
        if (!rpc.canSendVersion(VERSION)) {
            return; // nova's schedulers below 4.2 have no host updates; nova sends none
        }
        rpc.cast(target, ctx, method, args.build(), VERSION);
    }
}
