package org.computeworker.worker.image.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.image.cache.ImageCacheOptions;
import org.computeworker.worker.image.qemu.QemuImg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.computeworker.worker.config.LibvirtImageOptions;

class ImageBackendsTest {
    @TempDir
    Path dir;

    @Test
    void optionDefaultsAreNovas() {
        LibvirtImageOptions options = LibvirtImageOptions.read(reader(""));
        assertEquals(LibvirtImageOptions.defaults(), options);
        assertEquals("qcow2", options.effectiveImagesType());
        assertTrue(options.forceRawImages());
        assertEquals("none", options.preallocateImages());
    }

    @Test
    void readsTheOptions() {
        LibvirtImageOptions options = LibvirtImageOptions.read(reader("""
                [DEFAULT]
                use_cow_images = false
                force_raw_images = false
                preallocate_images = Space
                default_ephemeral_format = ext3
                [libvirt]
                images_type = default
                remote_filesystem_transport = rsync
                """));
        assertEquals(new LibvirtImageOptions("default", false, false, "space", "ext3", "rsync"), options);
        assertEquals("raw", options.effectiveImagesType());
        assertTrue(options.preallocateSpace());
        assertThrows(ConfigException.class,
                () -> LibvirtImageOptions.read(reader("[libvirt]\nimages_type = zfs\n")));
        assertThrows(ConfigException.class,
                () -> LibvirtImageOptions.read(reader("[DEFAULT]\npreallocate_images = all\n")));
    }

    @Test
    void imagesTypeChoosesTheBackend() {
        assertLayout("raw", LocalImageBackend.Layout.FLAT);
        assertLayout("flat", LocalImageBackend.Layout.FLAT);
        assertLayout("qcow2", LocalImageBackend.Layout.QCOW2);
        assertLayout("default", LocalImageBackend.Layout.QCOW2);
        LocalStorage storage = storage();
        LibvirtImageOptions noCow = new LibvirtImageOptions("default", false, true, "none", null, "ssh");
        assertEquals(LocalImageBackend.Layout.FLAT,
                ((LocalImageBackend) ImageBackends.forConfig(noCow, storage)).layout());
    }

    @Test
    void rbdNeedsAProviderAndLvmIsRefused() {
        LocalStorage storage = storage();
        LibvirtImageOptions rbd = LibvirtImageOptions.defaults().withImagesType("rbd");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> ImageBackends.forConfig(rbd, storage));
        assertTrue(e.getMessage().contains("rbd"), e.getMessage());
        ImageBackend provided = ImageBackends.raw(storage);
        assertSame(provided, ImageBackends.forConfig(rbd, storage, () -> provided));
        assertThrows(UnsupportedOperationException.class,
                () -> ImageBackends.forConfig(LibvirtImageOptions.defaults().withImagesType("lvm"), storage));
    }

    @Test
    void instanceDirectoriesAreNamedByUuidAndNothingElse() {
        ImageBackend backend = ImageBackends.raw(storage());
        Instance instance = BackendKit.instance();
        assertEquals(dir.resolve(instance.uuid()), backend.instanceDirectory(instance));
        assertThrows(IllegalArgumentException.class, () -> backend.disk(instance, "../escape"));
        assertThrows(IllegalArgumentException.class, () -> backend.disk(instance, "disk.info"));
    }

    private void assertLayout(String imagesType, LocalImageBackend.Layout layout) {
        ImageBackend backend = ImageBackends.forConfig(LibvirtImageOptions.defaults().withImagesType(imagesType),
                storage());
        assertEquals(imagesType, backend.imagesType());
        assertEquals(layout, ((LocalImageBackend) backend).layout());
    }

    private LocalStorage storage() {
        return LocalStorage.create(dir, ImageCacheOptions.defaults(), LibvirtImageOptions.defaults(),
                QemuImg.withDefaults());
    }

    private static OptionReader reader(String text) {
        return new OptionReader(OsloConfigFile.parse(text));
    }
}
