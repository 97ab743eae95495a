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
import org.computeworker.worker.config.LibvirtImageOptions;
import org.junit.jupiter.api.Test;

class LibvirtOptionsTest {
    @Test
    void defaultsAreNovasExceptVirtType() {
        LibvirtOptions o = LibvirtOptions.defaults();
        assertEquals("qemu", o.virtType());
        assertEquals("qemu:///system", o.effectiveUri());
        assertEquals(LibvirtImageOptions.defaults(), o.images(), "the disk options are the image backends' own");
        assertEquals("qcow2", o.images().effectiveImagesType());
        assertEquals(-2, o.injectPartition());
        assertFalse(o.injectionRequested());
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
                inject_key = true
                [compute_worker]
                libvirt_running_timeout = 42
                """);
        assertEquals("qemu+unix:///system?socket=/run/x", o.effectiveUri());
        assertEquals("kvm", o.virtType());
        assertEquals("rbd", o.images().effectiveImagesType());
        assertEquals("ext4", o.images().defaultEphemeralFormat());
        assertTrue(o.injectionRequested());
        assertEquals(Duration.ofSeconds(42), o.runningTimeout());
        assertEquals("raw", read("[DEFAULT]\nuse_cow_images = false\n").images().effectiveImagesType());
    }

    @Test
    void badValuesNameTheOption() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("[libvirt]\nvirt_type = xen\n"));
        assertTrue(e.getMessage().contains("[libvirt] virt_type"), e.getMessage());
        assertThrows(ConfigException.class, () -> read("[libvirt]\nimages_type = zfs\n"));
    }

    private static LibvirtOptions read(String text) {
        return LibvirtOptions.read(new OptionReader(OsloConfigFile.parse(text)));
    }
}
