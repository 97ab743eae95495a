package org.computeworker.worker.virt.libvirt.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.qemu.QemuImgInfo;
import org.computeworker.worker.virt.libvirt.xml.DomainXmlReader.FileDisk;

/**
 * One entry of nova's disk_info list (the JSON string migrate_disk_and_power_off returns and
 * finish_migration receives), built as nova's _get_instance_disk_info_from_config does.
 *
 * @param backingFile "" when the disk has none
 */
public record InstanceDiskInfo(String type, Path path, long virtDiskSize, String backingFile, long diskSize,
                               long overCommittedDiskSize) {

    public static InstanceDiskInfo of(FileDisk disk, QemuImg qemuImg) {
        try {
            if ("qcow2".equals(disk.format())) {
                QemuImgInfo info = qemuImg.info(disk.path(), "qcow2");
                long actual = Math.max(0, info.actualSize());
                return new InstanceDiskInfo("qcow2", disk.path(), info.virtualSize(),
                        info.backingFile() == null ? "" : info.backingFile(), actual,
                        Math.max(0, info.virtualSize() - actual));
            }
            long size = Files.size(disk.path());
            long allocated = ((Number) Files.getAttribute(disk.path(), "unix:blocks")).longValue() * 512;
            return new InstanceDiskInfo(disk.format(), disk.path(), size, "", allocated, size - allocated);
        } catch (IOException e) {
            throw NovaErrors.diskNotFound(disk.path().toString());
        }
    }

    public boolean hasBackingFile() {
        return !backingFile.isEmpty();
    }

    public static String toJson(List<InstanceDiskInfo> disks) {
        ArrayNode array = Json.array();
        for (InstanceDiskInfo d : disks) {
            ObjectNode o = array.addObject();
            o.put("type", d.type);
            o.put("path", d.path.toString());
            o.put("virt_disk_size", d.virtDiskSize);
            o.put("backing_file", d.backingFile);
            o.put("disk_size", d.diskSize);
            o.put("over_committed_disk_size", d.overCommittedDiskSize);
        }
        return array.toString();
    }

    /** Reads nova's disk_info JSON; InvalidDiskInfo when it is not that. */
    public static List<InstanceDiskInfo> parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json == null ? "" : json);
        } catch (IOException e) {
            throw NovaErrors.invalidDiskInfo("disk_info is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw NovaErrors.invalidDiskInfo("disk_info must be a list");
        }
        List<InstanceDiskInfo> disks = new ArrayList<>();
        for (JsonNode d : root) {
            if (!d.path("type").isTextual() || !d.path("path").isTextual()) {
                throw NovaErrors.invalidDiskInfo("disk_info entry without type or path: " + d);
            }
            disks.add(new InstanceDiskInfo(d.get("type").asText(), Path.of(d.get("path").asText()),
                    d.path("virt_disk_size").asLong(0), d.path("backing_file").asText(""),
                    d.path("disk_size").asLong(0), d.path("over_committed_disk_size").asLong(0)));
        }
        return disks;
    }
}
