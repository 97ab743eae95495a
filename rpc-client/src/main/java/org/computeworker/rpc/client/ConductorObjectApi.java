package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.objects.NovaObjectVersions;
import org.computeworker.messages.rpc.RequestContext;

/**
 * nova.conductor.rpcapi.ConductorAPI (topic {@code conductor}, no namespace, version 3.0): the object
 * indirection through which a nova-compute, which has no database access, runs every remotable
 * method of nova's objects. {@link #objectAction} is an instance method ({@code instance.save()}),
 * {@link #objectClassAction} a class method ({@code Instance.get_by_uuid(...)}).
 */
public final class ConductorObjectApi {
    public static final String TOPIC = "conductor";
    public static final String VERSION = "3.0";
    /** nova's ConductorAPI.VERSION_ALIASES for [upgrade_levels] conductor. */
    private static final Map<String, String> ALIASES = Map.of("grizzly", "1.48", "havana", "1.58",
            "icehouse", "2.0", "juno", "2.0", "kilo", "2.1", "liberty", "3.0", "mitaka", "3.0", "newton", "3.0",
            "ocata", "3.0");

    private final RpcClient rpc;
    private final Target target = Target.topic(TOPIC).withVersion(VERSION);

    /** @param versionCap [upgrade_levels] conductor (a version or a release name); null for none */
    public ConductorObjectApi(RpcClient rpc, String versionCap) {
        this.rpc = rpc.withVersionCap(versionCap == null ? null : ALIASES.getOrDefault(versionCap, versionCap));
        if (!this.rpc.canSendVersion(VERSION)) {
            throw new RpcVersionCapError(VERSION + " (the object indirection API; older conductors are not served)",
                    this.rpc.versionCap());
        }
    }

    /**
     * {@code object.method(*args, **kwargs)} run by the conductor. The object is sent with its
     * change list and takes the conductor's updates afterwards, as a remotable method does.
     *
     * @return the method's result (JSON null for None)
     * @throws RemoteError      the method raised (e.g. nova.exception.UnexpectedTaskStateError)
     * @throws MessagingTimeout the conductor did not answer within rpc_response_timeout
     */
    public JsonNode objectAction(RequestContext ctx, NovaObject object, String method, ArrayNode args,
                                 ObjectNode kwargs) {
        ObjectNode call = Json.object();
        call.set("objinst", object.toPrimitive());
        call.put("objmethod", method);
        call.set("args", args == null ? Json.array() : args);
        call.set("kwargs", kwargs == null ? Json.object() : kwargs);
        JsonNode reply = rpc.call(target, ctx, "object_action", call, null, null, null);
        if (!reply.isArray() || reply.size() != 2) {
            throw new RpcException("the conductor answered object_action " + object.objectName() + "." + method
                    + " with " + reply.getNodeType() + ", not [updates, result]");
        }
        object.applyUpdates(reply.get(0));
        return reply.get(1);
    }

    /**
     * {@code ObjectName.method(context, *args, **kwargs)} run by the conductor, with the version
     * manifest nova sends so the result comes back in versions this side reads.
     */
    public JsonNode objectClassAction(RequestContext ctx, String objectName, String method, ArrayNode args,
                                      ObjectNode kwargs) {
        return objectClassAction(ctx, objectName, method, args, kwargs, null);
    }

    /** As {@link #objectClassAction(RequestContext, String, String, ArrayNode, ObjectNode)}, with a call timeout. */
    public JsonNode objectClassAction(RequestContext ctx, String objectName, String method, ArrayNode args,
                                      ObjectNode kwargs, Duration timeout) {
        ObjectNode call = Json.object();
        call.put("objname", objectName);
        call.put("objmethod", method);
        call.set("object_versions", NovaObjectVersions.manifest(objectName));
        call.set("args", args == null ? Json.array() : args);
        call.set("kwargs", kwargs == null ? Json.object() : kwargs);
        return rpc.call(target, ctx, "object_class_action_versions", call, null, timeout, null);
    }

    public RpcClient rpc() {
        return rpc;
    }
}
