package org.computeworker.worker.virt.libvirt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;

/**
 * nova's instance.image_meta (utils.get_image_from_system_metadata): the image an instance was
 * built from, as its system_metadata image_* keys remember it, for operations that get no image
 * (power on, revert).
 */
final class InstanceImageMeta {
    private static final String PREFIX = "image_";
    private static final Set<String> INHERITABLE = Set.of("min_ram", "min_disk", "disk_format", "container_format");

    private InstanceImageMeta() {
    }

    static ImageMeta of(Instance instance) {
        ObjectNode image = Json.object();
        ObjectNode properties = image.putObject("properties");
        if (instance.imageRef() != null) {
            image.put("id", instance.imageRef());
        }
        for (Map.Entry<String, String> e : instance.systemMetadata().entrySet()) {
            if (e.getValue() == null || !e.getKey().startsWith(PREFIX)) {
                continue;
            }
            String key = e.getKey().substring(PREFIX.length());
            (INHERITABLE.contains(key) ? image : properties).put(key, e.getValue());
        }
        return ImageMeta.from(image);
    }
}
