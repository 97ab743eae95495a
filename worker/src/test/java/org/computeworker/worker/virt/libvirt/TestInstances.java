package org.computeworker.worker.virt.libvirt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.rpc.RequestContext;

/** Instances, flavors, images and a local image store for the driver tests. */
final class TestInstances {
    private TestInstances() {
    }

    static Flavor flavor(String name, int memoryMb, int vcpus, int rootGb, int ephemeralGb, int swapMb) {
        return Flavor.create(1, name, memoryMb, vcpus, rootGb, ephemeralGb, swapMb);
    }

    static Instance instance(int id, String uuid, Flavor flavor, String imageId, String kernelId, String ramdiskId) {
        Instance instance = new Instance(NovaObject.newPrimitive(Instance.OBJ_NAME, Instance.OBJ_VERSION));
        instance.setField("id", Json.NODES.numberNode(id));
        instance.setField("uuid", TextNode.valueOf(uuid));
        instance.setField("display_name", TextNode.valueOf("test <server> & 'friends'"));
        instance.setField("user_id", TextNode.valueOf("user-1"));
        instance.setField("project_id", TextNode.valueOf("project-1"));
        instance.setField("image_ref", TextNode.valueOf(imageId));
        instance.setField("kernel_id", kernelId == null ? Json.NODES.nullNode() : TextNode.valueOf(kernelId));
        instance.setField("ramdisk_id", ramdiskId == null ? Json.NODES.nullNode() : TextNode.valueOf(ramdiskId));
        ObjectNode sys = Json.object();
        sys.put("image_disk_format", "raw");
        sys.put("image_container_format", "bare");
        instance.setField("system_metadata", sys);
        instance.setFlavor(flavor);
        return instance;
    }

    static ImageMeta image(String id, String diskFormat) {
        ObjectNode image = Json.object();
        image.put("id", id);
        image.put("disk_format", diskFormat);
        image.put("container_format", "bare");
        image.putObject("properties");
        return ImageMeta.from(image);
    }

    static RequestContext context() {
        return RequestContext.admin();
    }

    /** Registers {@code data} as image {@code id} of a LocalDirectoryImageService over {@code dir}. */
    static void register(Path dir, String id, String diskFormat, Path data) throws IOException {
        Files.createDirectories(dir);
        ObjectNode doc = Json.object();
        doc.put("id", id);
        doc.put("name", id);
        doc.put("status", "active");
        doc.put("disk_format", diskFormat);
        doc.put("container_format", "aki".equals(diskFormat) || "ari".equals(diskFormat) ? diskFormat : "bare");
        doc.put("size", Files.size(data));
        doc.put("visibility", "public");
        doc.put("file", data.toAbsolutePath().toString());
        Files.writeString(dir.resolve(id + ".json"), doc.toString());
    }
}
