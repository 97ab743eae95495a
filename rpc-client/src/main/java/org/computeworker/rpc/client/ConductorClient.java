package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.RequestSpec;
import org.computeworker.messages.objects.Selection;
import org.computeworker.messages.rpc.RequestContext;

/**
 * nova.conductor.rpcapi.ComputeTaskAPI (topic {@code conductor}, namespace {@code compute_task}) for
 * what a compute's reschedule sends: migrate_server after a failed resize claim, build_instances
 * after a failed build. Versions fall back as nova's do, down to the object-based ones (1.10).
 */
public final class ConductorClient {
    public static final String TOPIC = "conductor";
    public static final String NAMESPACE = "compute_task";

    private final RpcClient rpc;
    private final Target target = Target.topic(TOPIC).withNamespace(NAMESPACE).withVersion("1.0");

    /** Without a cap, as nova's ComputeTaskAPI (it has no [upgrade_levels] entry). */
    public ConductorClient(RpcClient rpc) {
        this(rpc, null);
    }

    public ConductorClient(RpcClient rpc, String versionCap) {
        this.rpc = rpc.withVersionCap(versionCap);
    }

    /**
     * Version 1.20. nova's compute reschedules a resize with {@code doCast=false}: a call bounded by
     * long_rpc_timeout with rpc_response_timeout as call monitor; returns its result (null for a cast).
     */
    public JsonNode migrateServer(RequestContext context, Instance instance, JsonNode schedulerHint, boolean live,
                                  boolean rebuild, Flavor flavor, Boolean blockMigration, Boolean diskOverCommit,
                                  JsonNode reservations, boolean cleanShutdown, RequestSpec requestSpec,
                                  List<Selection> hostList, boolean doCast) {
        RpcArgs kw = RpcArgs.create()
                .put("instance", instance)
                .put("scheduler_hint", schedulerHint)
                .put("live", live)
                .put("rebuild", rebuild)
                .put("flavor", flavor)
                .put("block_migration", blockMigration)
                .put("disk_over_commit", diskOverCommit)
                .put("reservations", reservations)
                .put("clean_shutdown", cleanShutdown)
                .put("request_spec", requestSpec)
                .put("host_list", hostList);
        String version = "1.20";
        if (!rpc.canSendVersion(version)) {
            kw.remove("host_list");
            version = "1.13";
        }
        if (!rpc.canSendVersion(version)) {
            kw.remove("request_spec");
            version = "1.11";
        }
        if (!rpc.canSendVersion(version)) {
            kw.remove("clean_shutdown");
            version = "1.10";
        }
        requireSendable(version, "migrate_server");
        if (doCast) {
            rpc.cast(target, context, "migrate_server", kw.build(), version);
            return null;
        }
        MessagingOptions o = rpc.options();
        return rpc.call(target, context, "migrate_server", kw.build(), version, o.longRpcTimeout(),
                o.rpcResponseTimeout());
    }

    /**
     * Version 1.19, a cast. As in nova, block_device_mapping and legacy_bdm are only sent below 1.7,
     * so they are not parameters here; {@code image} is the image dict the build was given.
     */
    public void buildInstances(RequestContext context, List<Instance> instances, JsonNode image,
                               JsonNode filterProperties, String adminPassword, JsonNode injectedFiles,
                               JsonNode requestedNetworks, JsonNode securityGroups, RequestSpec requestSpec,
                               List<List<Selection>> hostLists) {
        RpcArgs kwargs = RpcArgs.create()
                .put("instances", instances)
                .put("image", image)
                .put("filter_properties", filterProperties)
                .put("admin_password", adminPassword)
                .put("injected_files", injectedFiles)
                .put("requested_networks", requestedNetworks)
                .put("security_groups", securityGroups)
                .put("request_spec", requestSpec)
                .put("host_lists", hostLists);
        String version = "1.19";
        if (!rpc.canSendVersion(version)) {
            version = "1.18";
            kwargs.remove("host_lists");
        }
        if (!rpc.canSendVersion(version)) {
            version = "1.10";
            kwargs.remove("request_spec");
        }
        requireSendable(version, "build_instances");
        rpc.cast(target, context, "build_instances", kwargs.build(), version);
    }

    private void requireSendable(String version, String method) {
        if (!rpc.canSendVersion(version)) {
            throw new RpcVersionCapError(version + " (" + method + " below it needs pre-object arguments, not supported)",
                    rpc.versionCap());
        }
    }
}
