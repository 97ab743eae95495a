package org.computeworker.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RpcRequest;

/** Instances and requests as nova's API and conductor send them, built from the captured template. */
final class Instances {
    static final Flavor SMALL = Flavor.create(1, "bench.small", 2048, 1, 20, 0, 0);
    static final Flavor LARGER = Flavor.create(2, "bench.larger", 4096, 2, 20, 0, 0);

    private Instances() {
    }

    static Instance instance(String uuid, String host, String vmState, String taskState, Flavor flavor) {
        Instance i = Instance.from(Messages.args(0, 1).get("instance").deepCopy());
        ObjectNode d = i.data();
        d.put("uuid", uuid);
        d.put("host", host);
        d.put("node", host);
        d.put("vm_state", vmState);
        if (taskState == null) {
            d.putNull("task_state");
        } else {
            d.put("task_state", taskState);
        }
        i.setFlavor(flavor.copy());
        i.resetChanges();
        return i;
    }

    static String uuid(int n) {
        return new UUID(0xbe7c4, n).toString();
    }

    static RpcRequest request(String method, ObjectNode args) {
        return RpcRequest.cast(method, args, null, "6.0", Messages.context());
    }

    static ObjectNode args(Instance instance) {
        ObjectNode args = Json.object();
        args.set("instance", instance.toPrimitive());
        return args;
    }

    static Migration migration(String instanceUuid, String source, String dest, Flavor from, Flavor to) {
        Migration m = Migration.create();
        m.setUuid(UUID.randomUUID().toString());
        m.setInstanceUuid(instanceUuid);
        m.setSourceCompute(source);
        m.setSourceNode(source);
        m.setDestCompute(dest);
        m.setDestNode(dest);
        m.setMigrationType("resize");
        m.setStatus("pre-migrating");
        m.setOldInstanceTypeId(from.id());
        m.setNewInstanceTypeId(to.id());
        m.resetChanges();
        return m;
    }
}
