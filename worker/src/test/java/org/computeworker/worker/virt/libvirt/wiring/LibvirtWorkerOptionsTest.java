package org.computeworker.worker.virt.libvirt.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.LibvirtOptions;
import org.computeworker.worker.config.LibvirtWorkerOptions;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.image.backend.LocalDiskCopier;
import org.computeworker.worker.image.backend.RemoteFilesystemCopier;
import org.computeworker.worker.image.service.GlanceImageService;
import org.computeworker.worker.image.service.LocalDirectoryImageService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [compute_worker] options of the libvirt driver and the choices the wiring makes from them. */
class LibvirtWorkerOptionsTest {
    @Test
    void unsetMeansGlanceAndScp() {
        OptionReader r = reader("[glance]\napi_servers = http://glance:9292\n");
        LibvirtWorkerOptions local = LibvirtWorkerOptions.read(r);
        assertNull(local.imageDirectory());
        assertEquals(Map.of(), local.localCopyHostRoots());
        assertInstanceOf(GlanceImageService.class, LibvirtWiring.imageService(r, local));
        assertInstanceOf(RemoteFilesystemCopier.class, LibvirtWiring.copier(LibvirtOptions.defaults(), local));
    }

    @Test
    void anImageDirectoryAndHostRootsReplaceGlanceAndScp(@TempDir Path images) {
        OptionReader r = reader("[compute_worker]\nimage_directory = " + images + "\n"
                + "local_copy_host_roots = hostA=/srv/a, 127.0.0.2=/srv/a, fd00::3=/srv/b/\n");
        LibvirtWorkerOptions local = LibvirtWorkerOptions.read(r);
        assertEquals(images, local.imageDirectory());
        assertEquals(Map.of("hostA", Path.of("/srv/a"), "127.0.0.2", Path.of("/srv/a"), "fd00::3", Path.of("/srv/b")),
                local.localCopyHostRoots());
        assertInstanceOf(LocalDirectoryImageService.class, LibvirtWiring.imageService(r, local));
        assertInstanceOf(LocalDiskCopier.class, LibvirtWiring.copier(LibvirtOptions.defaults(), local));
    }

    @Test
    void badValuesNameTheOption() {
        for (String bad : new String[] {"image_directory = relative/dir", "local_copy_host_roots = hostA",
                "local_copy_host_roots = -oProxyCommand=x=/srv", "local_copy_host_roots = hostA=relative"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> LibvirtWorkerOptions.read(reader("[compute_worker]\n" + bad + "\n")), bad);
            assertTrue(e.getMessage().contains("[compute_worker] " + bad.substring(0, bad.indexOf(' '))),
                    e.getMessage());
        }
        ConfigException none = assertThrows(ConfigException.class,
                () -> LibvirtWiring.imageService(reader(""), LibvirtWorkerOptions.read(reader(""))));
        assertTrue(none.getMessage().contains("[glance] api_servers"), none.getMessage());

        OptionReader commented = reader("[compute_worker]\nimage_directory = /srv/images   # or Glance\n");
        ConfigException missing = assertThrows(ConfigException.class,
                () -> LibvirtWiring.imageService(commented, LibvirtWorkerOptions.read(commented)));
        assertTrue(missing.getMessage().contains("'/srv/images   # or Glance' is invalid: expected an existing directory"),
                missing.getMessage());
    }

    private static OptionReader reader(String text) {
        return new OptionReader(OsloConfigFile.parse(text));
    }
}
