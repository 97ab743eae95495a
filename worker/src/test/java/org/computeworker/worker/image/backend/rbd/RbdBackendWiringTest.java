package org.computeworker.worker.image.backend.rbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.backend.ImageBackends;
import org.computeworker.worker.config.LibvirtImageOptions;
import org.computeworker.worker.image.backend.LocalStorage;
import org.computeworker.worker.image.cache.ImageCacheOptions;
import org.computeworker.worker.image.qemu.QemuImg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** images_type = rbd gets this backend through ImageBackends; nothing talks to Ceph until a disk is used. */
class RbdBackendWiringTest {
    @TempDir
    Path dir;

    @Test
    void imageBackendsBuildsTheRbdBackendFromTheProvider() {
        LibvirtImageOptions opts = LibvirtImageOptions.defaults().withImagesType("rbd");
        LocalStorage storage = storage(opts);
        RbdOptions rbd = RbdOptions.of("vms", dir.resolve("no-such-ceph.conf"), "openstack");
        try (ImageBackend backend = ImageBackends.forConfig(opts, storage, RbdBackend.provider(rbd, storage, null))) {
            assertInstanceOf(RbdBackend.class, backend);
            assertEquals("rbd", backend.imagesType());
            assertEquals(dir.resolve("instances").resolve("u-1"),
                    backend.instanceDirectory(RbdTestKit.instanceWithUuid("u-1")));
        }
    }

    @Test
    void forceRawImagesOffIsRefusedAsNovaRefusesIt() {
        LibvirtImageOptions opts = LibvirtImageOptions.defaults().withImagesType("rbd").withForceRawImages(false);
        ConfigException e = assertThrows(ConfigException.class, () -> RbdBackend.create(
                RbdOptions.of("vms", null, null), storage(opts), null));
        assertEquals(true, e.getMessage().contains("force_raw_images = False' is not allowed"));
    }

    private LocalStorage storage(LibvirtImageOptions opts) {
        return LocalStorage.create(dir.resolve("instances"), ImageCacheOptions.defaults(), opts,
                QemuImg.withDefaults());
    }
}
