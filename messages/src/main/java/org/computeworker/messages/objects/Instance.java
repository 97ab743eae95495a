package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.computeworker.messages.Json;

/** nova.objects.Instance: the fields the compute operations read and write, typed. */
public final class Instance extends NovaObject {
    public static final String OBJ_NAME = "Instance";
    public static final String OBJ_VERSION = "2.7";

    public Instance(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static Instance from(JsonNode node) {
        return node == null || node.isNull() ? null : new Instance(checkPrimitive(node, OBJ_NAME));
    }

    public Instance copy() {
        return new Instance(copyPrimitive());
    }

    public String uuid() {
        return string("uuid");
    }

    public Integer id() {
        return integer("id");
    }

    public String host() {
        return string("host");
    }

    public void setHost(String host) {
        set("host", host);
    }

    public String node() {
        return string("node");
    }

    public void setNode(String node) {
        set("node", node);
    }

    public String vmState() {
        return string("vm_state");
    }

    public void setVmState(String state) {
        set("vm_state", state);
    }

    public String taskState() {
        return string("task_state");
    }

    public void setTaskState(String state) {
        set("task_state", state);
    }

    public Integer powerState() {
        return integer("power_state");
    }

    public void setPowerState(Integer state) {
        set("power_state", state);
    }

    public int memoryMb() {
        return integer("memory_mb", 0);
    }

    public int vcpus() {
        return integer("vcpus", 0);
    }

    public int rootGb() {
        return integer("root_gb", 0);
    }

    public int ephemeralGb() {
        return integer("ephemeral_gb", 0);
    }

    public Integer instanceTypeId() {
        return integer("instance_type_id");
    }

    public Flavor flavor() {
        return Flavor.from(child("flavor"));
    }

    public Flavor oldFlavor() {
        return Flavor.from(child("old_flavor"));
    }

    public Flavor newFlavor() {
        return Flavor.from(child("new_flavor"));
    }

    /** Sets the current flavor and, as nova's Instance.flavor setter does, the legacy size columns. */
    public void setFlavor(Flavor flavor) {
        set("flavor", flavor);
        if (flavor != null) {
            set("memory_mb", flavor.memoryMb());
            set("vcpus", flavor.vcpus());
            set("root_gb", flavor.rootGb());
            set("ephemeral_gb", flavor.ephemeralGb());
            set("instance_type_id", flavor.id());
        }
    }

    public void setOldFlavor(Flavor flavor) {
        set("old_flavor", flavor);
    }

    public void setNewFlavor(Flavor flavor) {
        set("new_flavor", flavor);
    }

    public Map<String, String> systemMetadata() {
        return stringMap("system_metadata");
    }

    public void putSystemMetadata(String key, String value) {
        ObjectNode meta = dict("system_metadata");
        if (meta == null) {
            meta = Json.object();
        }
        if (value == null) {
            meta.remove(key);
        } else {
            meta.put(key, value);
        }
        setField("system_metadata", meta);
    }

    public Map<String, String> metadata() {
        return stringMap("metadata");
    }

    public InstanceInfoCache infoCache() {
        return InstanceInfoCache.from(child("info_cache"));
    }

    public String imageRef() {
        return string("image_ref");
    }

    public String kernelId() {
        return string("kernel_id");
    }

    public String ramdiskId() {
        return string("ramdisk_id");
    }

    public String projectId() {
        return string("project_id");
    }

    public String userId() {
        return string("user_id");
    }

    public String displayName() {
        return string("display_name");
    }

    public String hostname() {
        return string("hostname");
    }

    public Instant launchedAt() {
        return time("launched_at");
    }

    public void setLaunchedAt(Instant t) {
        set("launched_at", t);
    }

    public Instant updatedAt() {
        return time("updated_at");
    }

    public void setUpdatedAt(Instant t) {
        set("updated_at", t);
    }

    public String availabilityZone() {
        return string("availability_zone");
    }

    public void setProgress(Integer progress) {
        set("progress", progress);
    }

    public void setTerminatedAt(Instant t) {
        set("terminated_at", t);
    }

    public void setLaunchedOn(String host) {
        set("launched_on", host);
    }
}
