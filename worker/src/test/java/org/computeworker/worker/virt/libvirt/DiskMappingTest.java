package org.computeworker.worker.virt.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.errors.NovaException;
import org.junit.jupiter.api.Test;

class DiskMappingTest {
    private final Flavor all = TestInstances.flavor("f", 512, 1, 1, 2, 64);

    @Test
    void rootEphemeralSwapOnVirtioInNovasOrder() {
        DiskMapping mapping = DiskMapping.of(instance(), all, TestInstances.image("i", "qcow2"));
        assertEquals(List.of(new DiskInfo("disk", "vda", "virtio", "disk", 1),
                new DiskInfo("disk.local", "vdb", "virtio", "disk", null),
                new DiskInfo("disk.swap", "vdc", "virtio", "disk", null)), mapping.disks());
    }

    @Test
    void aConfigDriveIsACdromOnIdeForThePcMachine() {
        Instance instance = instance();
        instance.setField("config_drive", TextNode.valueOf("True"));
        DiskMapping mapping = DiskMapping.of(instance, TestInstances.flavor("f", 512, 1, 1, 0, 0),
                TestInstances.image("i", "raw"));
        assertEquals(new DiskInfo("disk.config", "hda", "ide", "cdrom", null), mapping.get("disk.config").get());
    }

    @Test
    void anIsoImageBootsFromACdromAndDisksStartAtVda() {
        DiskMapping mapping = DiskMapping.of(instance(), all, TestInstances.image("i", "iso"));
        assertEquals(new DiskInfo("disk", "hda", "ide", "cdrom", 1), mapping.root());
        assertEquals("vda", mapping.get("disk.local").get().dev());
    }

    @Test
    void imagePropertiesChooseTheBusAndUnknownBusesAreRefused() {
        assertEquals("sda", DiskMapping.of(instance(), all, image("hw_disk_bus", "scsi")).root().dev());
        NovaException e = assertThrows(NovaException.class,
                () -> DiskMapping.of(instance(), all, image("hw_disk_bus", "xen")));
        assertEquals("UnsupportedHardware", e.pythonClass());
    }

    private static Instance instance() {
        return TestInstances.instance(1, "u", TestInstances.flavor("f", 512, 1, 1, 0, 0), "i", null, null);
    }

    private static ImageMeta image(String key, String value) {
        ObjectNode image = Json.object();
        image.put("disk_format", "raw");
        image.putObject("properties").put(key, value);
        return ImageMeta.from(image);
    }
}
