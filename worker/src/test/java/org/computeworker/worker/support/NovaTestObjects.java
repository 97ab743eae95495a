package org.computeworker.worker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.RequestSpec;
import org.computeworker.messages.objects.Selection;

/** Realistic nova objects for tests, taken from a request nova's own ComputeAPI sent. */
public final class NovaTestObjects {
    private static final AtomicInteger IDS = new AtomicInteger(1000);
    private static final JsonNode PREP_RESIZE = load("rpc_cast_prep_resize.json").path("request").path("oslo_message").path("args");

    private NovaTestObjects() {
    }

    private static JsonNode load(String name) {
        try (InputStream in = NovaTestObjects.class.getResourceAsStream("/nova-vectors/" + name)) {
            return Json.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** c1.small: 1 vCPU, 2048 MB, 20 GB root (id 1). */
    public static Flavor small() {
        return Flavor.from(PREP_RESIZE.path("instance").path("nova_object.data").path("flavor").deepCopy());
    }

    /** c1.medium: 2 vCPU, 4096 MB, 40 GB root, 512 MB swap (id 2). */
    public static Flavor medium() {
        return Flavor.from(PREP_RESIZE.path("flavor").deepCopy());
    }

    /** c1.tiny: 1 vCPU, 1024 MB, 10 GB root (id 3): smaller disk than small. */
    public static Flavor tiny() {
        return Flavor.create(3, "c1.tiny", 1024, 1, 10, 0, 0);
    }

    /** A huge flavor no fake host has room for. */
    public static Flavor huge() {
        return Flavor.create(9, "c9.huge", 4_000_000, 4, 20, 0, 0);
    }

    /** An instance as the API hands it to a compute host: the vector's instance with fresh identity. */
    public static Instance instance(String host, String vmState, String taskState, Flavor flavor) {
        ObjectNode primitive = PREP_RESIZE.path("instance").deepCopy();
        Instance i = Instance.from(primitive);
        ObjectNode data = i.data();
        String uuid = UUID.randomUUID().toString();
        data.put("uuid", uuid);
        data.put("id", IDS.incrementAndGet());
        data.put("host", host);
        data.put("node", host);
        data.put("launched_on", host);
        data.put("vm_state", vmState);
        if (taskState == null) {
            data.putNull("task_state");
        } else {
            data.put("task_state", taskState);
        }
        ((ObjectNode) data.path("info_cache").path("nova_object.data")).put("instance_uuid", uuid);
        i.setFlavor(flavor);
        i.resetChanges();
        return i;
    }

    public static Migration migration(Instance instance, String source, String dest, Flavor newFlavor) {
        Migration m = Migration.create();
        m.setUuid(UUID.randomUUID().toString());
        m.setInstanceUuid(instance.uuid());
        m.setSourceCompute(source);
        m.setSourceNode(source);
        m.setDestCompute(dest);
        m.setDestNode(dest);
        m.setMigrationType("resize");
        m.setStatus("pre-migrating");
        m.setOldInstanceTypeId(instance.instanceTypeId());
        m.setNewInstanceTypeId(newFlavor.id());
        m.resetChanges();
        return m;
    }

    public static ImageMeta image() {
        return ImageMeta.from(PREP_RESIZE.path("image").deepCopy());
    }

    public static RequestSpec requestSpec() {
        return RequestSpec.from(PREP_RESIZE.path("request_spec").deepCopy());
    }

    public static ObjectNode filterProperties(boolean withRetry) {
        ObjectNode fp = Json.object();
        fp.putObject("limits");
        if (withRetry) {
            fp.putObject("retry").put("num_attempts", 1).putArray("hosts");
        }
        return fp;
    }

    public static Selection selection(String host) {
        return Selection.create(host, host, UUID.randomUUID().toString());
    }
}
