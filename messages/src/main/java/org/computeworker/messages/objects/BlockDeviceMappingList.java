package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** nova.objects.BlockDeviceMappingList: an object list, its members under {@code data.objects}. */
public final class BlockDeviceMappingList extends NovaObject {
    public static final String OBJ_NAME = "BlockDeviceMappingList";

    public BlockDeviceMappingList(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static BlockDeviceMappingList from(JsonNode node) {
        return node == null || node.isNull() ? null : new BlockDeviceMappingList(checkPrimitive(node, OBJ_NAME));
    }

    public List<BlockDeviceMapping> objects() {
        List<BlockDeviceMapping> list = new ArrayList<>();
        JsonNode objects = field("objects");
        if (objects != null && objects.isArray()) {
            objects.forEach(o -> list.add(BlockDeviceMapping.from(o)));
        }
        return list;
    }
}
