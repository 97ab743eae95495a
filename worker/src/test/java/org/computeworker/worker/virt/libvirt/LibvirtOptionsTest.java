package org.computeworker.worker.virt.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.LibvirtOptions;
import org.computeworker.worker.config.OptionReader;
import org.junit.jupiter.api.Test;

class LibvirtOptionsTest {
    @Test
    void defaultsAreNovasExceptVirtType() {
        LibvirtOptions o = LibvirtOptions.defaults();
        assertEquals("qemu", o.virtType());
        assertEquals("qemu:///system", o.effectiveUri());
        assertEquals("qcow2", o.effectiveImagesType());
        assertTrue(o.useCowImages() && o.forceRawImages());
        assertEquals(-2, o.injectPartition());
        assertFalse(o.injectionRequested());
        assertEquals("ssh", o.remoteFilesystemTransport());
        assertEquals(Duration.ofSeconds(300), o.runningTimeout());
    }

    @Test
    void novaConfNamesAreRead() {
        LibvirtOptions o = read("""
                [DEFAULT]
                use_cow_images = false
                default_ephemeral_format = ext4
                [libvirt]
                connection_uri = qemu+unix:///system?socket=/run/x
                virt_type = kvm
                images_type = rbd
                rbd_user = openstack
                rbd_secret_uuid = 11111111-2222-3333-4444-555555555555
                inject_key = true
                """);
        assertEquals("qemu+unix:///system?socket=/run/x", o.effectiveUri());
        assertEquals("kvm", o.virtType());
        assertEquals("rbd", o.effectiveImagesType());
        assertEquals("openstack", o.rbdUser());
        assertEquals("ext4", o.defaultEphemeralFormat());
        assertTrue(o.injectionRequested());
        assertEquals("raw", read("[DEFAULT]\nuse_cow_images = false\n").effectiveImagesType());
    }

    @Test
    void badValuesNameTheOption() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("[libvirt]\nvirt_type = xen\n"));
        assertTrue(e.getMessage().contains("[libvirt] virt_type"), e.getMessage());
        assertThrows(ConfigException.class, () -> read("[libvirt]\nrbd_secret_uuid = nope\n"));
    }

    private static LibvirtOptions read(String text) {
        return LibvirtOptions.read(new OptionReader(OsloConfigFile.parse(text)));
    }
}
