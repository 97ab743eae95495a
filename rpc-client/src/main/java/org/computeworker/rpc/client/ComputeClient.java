package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.RequestSpec;
import org.computeworker.messages.objects.Selection;
import org.computeworker.messages.rpc.RequestContext;

/**
 * nova.compute.rpcapi.ComputeAPI (Zed, RPC 6.x) for the methods a compute worker and its operators
 * use: same argument names and order, same versions (with {@code _ver}'s fallback to 5.x when the
 * version cap asks for it), same routing to {@code compute.<host>}.
 */
public final class ComputeClient {
    public static final String TOPIC = "compute";
    public static final String VERSION = "6.0";

    private final RpcClient rpc;
    private final Target target = Target.topic(TOPIC).withVersion(VERSION);

    /** Without a version cap, as nova with no [upgrade_levels] compute: 6.0 everywhere. */
    public ComputeClient(RpcClient rpc) {
        this(rpc, null);
    }

    /** @param versionCap [upgrade_levels] compute, e.g. {@code 6.1} or {@code 5.13}; null for none */
    public ComputeClient(RpcClient rpc, String versionCap) {
        this.rpc = rpc.withVersionCap(versionCap);
    }

    /** The conductor's cast to the destination compute, which claims resources and starts the resize. */
    public void prepResize(RequestContext ctxt, Instance instance, ImageMeta image, Flavor flavor, String host,
                           Migration migration, RequestSpec requestSpec, JsonNode filterProperties, String node,
                           boolean cleanShutdown, List<Selection> hostList) {
        String version = VERSION;
        RpcArgs args = RpcArgs.create()
                .put("instance", instance)
                .put("flavor", flavor)
                .put("image", image == null ? null : NovaPrimitives.objToPrimitive(image.toPrimitive()))
                .put("request_spec", requestSpec)
                .put("filter_properties", filterProperties)
                .put("node", node)
                .put("migration", migration)
                .put("clean_shutdown", cleanShutdown)
                .put("host_list", hostList);
        if (!rpc.canSendVersion(version)) {
            version = "5.1";
            args.remove("flavor").put("instance_type", flavor);
            if (!rpc.canSendVersion(version)) {
                throw new RpcVersionCapError("5.0 (prep_resize with a legacy request_spec dict, not supported)",
                        rpc.versionCap());
            }
        }
        castTo(ctxt, requireHost(host, "prep_resize"), "prep_resize", args, version);
    }

    /** The destination's cast to the source host (instance.host) to migrate the disks. */
    public void resizeInstance(RequestContext ctxt, Instance instance, Migration migration, ImageMeta image,
                               Flavor flavor, RequestSpec requestSpec, boolean cleanShutdown) {
        String version = VERSION;
        RpcArgs args = RpcArgs.create()
                .put("instance", instance)
                .put("migration", migration)
                .put("image", image)
                .put("flavor", flavor)
                .put("clean_shutdown", cleanShutdown)
                .put("request_spec", requestSpec);
        if (!rpc.canSendVersion(version)) {
            version = ver("5.2");
            args.remove("flavor").put("instance_type", flavor);
            if (!rpc.canSendVersion(version)) {
                args.remove("request_spec");
                version = "5.0";
            }
        }
        castTo(ctxt, computeHost(null, instance), "resize_instance", args, version);
    }

    /** The source's cast to the destination {@code host} to finish the resize there. */
    public void finishResize(RequestContext ctxt, Instance instance, Migration migration, ImageMeta image,
                             String diskInfo, String host, RequestSpec requestSpec) {
        RpcArgs args = RpcArgs.create()
                .put("instance", instance)
                .put("migration", migration)
                .put("image", image)
                .put("disk_info", diskInfo)
                .put("request_spec", requestSpec);
        castTo(ctxt, requireHost(host, "finish_resize"), "finish_resize", args, withoutRequestSpecBelow52(args));
    }

    /** Confirm on the source host ({@code host}, normally migration.source_compute); a call when {@code cast} is false. */
    public JsonNode confirmResize(RequestContext ctxt, Instance instance, Migration migration, String host,
                                  boolean cast) {
        RpcArgs args = RpcArgs.create().put("instance", instance).put("migration", migration);
        return castOrCall(ctxt, computeHost(host, instance), "confirm_resize", args, ver("5.0"), cast);
    }

    /** {@link #confirmResize} to migration.source_compute, as nova's API sends it. */
    public JsonNode confirmResize(RequestContext ctxt, Instance instance, Migration migration, boolean cast) {
        return confirmResize(ctxt, instance, migration, migration.sourceCompute(), cast);
    }

    /** Revert on the destination ({@code host}, normally migration.dest_compute). */
    public void revertResize(RequestContext ctxt, Instance instance, Migration migration, String host,
                             RequestSpec requestSpec) {
        RpcArgs args = RpcArgs.create()
                .put("instance", instance).put("migration", migration).put("request_spec", requestSpec);
        castTo(ctxt, computeHost(host, instance), "revert_resize", args, withoutRequestSpecBelow52(args));
    }

    public void revertResize(RequestContext ctxt, Instance instance, Migration migration, RequestSpec requestSpec) {
        revertResize(ctxt, instance, migration, migration.destCompute(), requestSpec);
    }

    /** The destination's cast back to the source ({@code host}, normally migration.source_compute). */
    public void finishRevertResize(RequestContext ctxt, Instance instance, Migration migration, String host,
                                   RequestSpec requestSpec) {
        RpcArgs args = RpcArgs.create()
                .put("instance", instance).put("migration", migration).put("request_spec", requestSpec);
        castTo(ctxt, requireHost(host, "finish_revert_resize"), "finish_revert_resize", args,
                withoutRequestSpecBelow52(args));
    }

    public void finishRevertResize(RequestContext ctxt, Instance instance, Migration migration,
                                   RequestSpec requestSpec) {
        finishRevertResize(ctxt, instance, migration, migration.sourceCompute(), requestSpec);
    }

    public void startInstance(RequestContext ctxt, Instance instance) {
        castTo(ctxt, computeHost(null, instance), "start_instance", RpcArgs.create().put("instance", instance),
                ver("5.0"));
    }

    /** A cast, or with {@code doCast} false a call that returns when the instance is stopped. */
    public JsonNode stopInstance(RequestContext ctxt, Instance instance, boolean doCast, boolean cleanShutdown) {
        RpcArgs args = RpcArgs.create().put("instance", instance).put("clean_shutdown", cleanShutdown);
        return castOrCall(ctxt, computeHost(null, instance), "stop_instance", args, ver("5.0"), doCast);
    }

    /**
     * The conductor's cast to the chosen {@code host}. {@code limits} may be a SchedulerLimits
     * primitive, sent as its dict as nova does, or a dict.
     */
    public void buildAndRunInstance(RequestContext ctxt, Instance instance, String host, JsonNode image,
                                    RequestSpec requestSpec, JsonNode filterProperties, String adminPassword,
                                    JsonNode injectedFiles, JsonNode requestedNetworks, JsonNode securityGroups,
                                    BlockDeviceMappingList blockDeviceMapping, String node, JsonNode limits,
                                    List<Selection> hostList, List<String> accelUuids) {
        RpcArgs args = RpcArgs.create()
                .put("instance", instance)
                .put("image", image)
                .put("request_spec", requestSpec)
                .put("filter_properties", filterProperties)
                .put("admin_password", adminPassword)
                .put("injected_files", injectedFiles)
                .put("requested_networks", requestedNetworks)
                .put("security_groups", securityGroups)
                .put("block_device_mapping", blockDeviceMapping)
                .put("node", node)
                .put("limits", limits == null ? null : NovaPrimitives.limitsToDict(limits))
                .put("host_list", hostList)
                .put("accel_uuids", accelUuids);
        String version = ver("5.11");
        if (!rpc.canSendVersion(version)) {
            args.remove("accel_uuids");
            version = "5.0";
        }
        castTo(ctxt, requireHost(host, "build_and_run_instance"), "build_and_run_instance", args, version);
    }

    /** nova's {@code _ver}: 6.0 when the cap allows it, else the equivalent 5.x version. */
    String ver(String old) {
        return rpc.canSendVersion(VERSION) ? VERSION : old;
    }

    /** The rule finish_resize, revert_resize and finish_revert_resize share: request_spec needs 5.2. */
    private String withoutRequestSpecBelow52(RpcArgs args) {
        String version = ver("5.2");
        if (!rpc.canSendVersion(version)) {
            args.remove("request_spec");
            version = "5.0";
        }
        return version;
    }

    private void castTo(RequestContext ctxt, String host, String method, RpcArgs args, String version) {
        rpc.cast(target.withServer(host), ctxt, method, args.build(), version);
    }

    private JsonNode castOrCall(RequestContext ctxt, String host, String method, RpcArgs args, String version,
                                boolean cast) {
        ObjectNode built = args.build();
        if (cast) {
            rpc.cast(target.withServer(host), ctxt, method, built, version);
            return null;
        }
        MessagingOptions o = rpc.options();
        return rpc.call(target.withServer(host), ctxt, method, built, version, o.rpcResponseTimeout(),
                o.novaCallMonitorTimeout());
    }

    /** nova's {@code _compute_host}: the explicit host, else the instance's. */
    static String computeHost(String host, Instance instance) {
        if (host != null && !host.isEmpty()) {
            return host;
        }
        if (instance == null) {
            throw new IllegalArgumentException("No compute host specified");
        }
        if (instance.host() == null || instance.host().isEmpty()) {
            throw new IllegalArgumentException("Unable to find host for Instance " + instance.uuid());
        }
        return instance.host();
    }

    private static String requireHost(String host, String method) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(method + " needs the destination host");
        }
        return host;
    }
}
