package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** nova.objects.BlockDeviceMapping: one disk of an instance (image, volume, blank, swap). */
public final class BlockDeviceMapping extends NovaObject {
    public static final String OBJ_NAME = "BlockDeviceMapping";

    public BlockDeviceMapping(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static BlockDeviceMapping from(JsonNode node) {
        return node == null || node.isNull() ? null : new BlockDeviceMapping(checkPrimitive(node, OBJ_NAME));
    }

    public String sourceType() {
        return string("source_type");
    }

    public String destinationType() {
        return string("destination_type");
    }

    public String deviceName() {
        return string("device_name");
    }

    public Integer bootIndex() {
        return integer("boot_index");
    }

    public String imageId() {
        return string("image_id");
    }

    public String volumeId() {
        return string("volume_id");
    }

    public Integer volumeSize() {
        return integer("volume_size");
    }

    public boolean isVolume() {
        return "volume".equals(destinationType());
    }
}
