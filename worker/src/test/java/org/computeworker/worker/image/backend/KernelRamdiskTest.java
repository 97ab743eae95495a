package org.computeworker.worker.image.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.worker.image.cache.CacheNames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.computeworker.worker.config.LibvirtImageOptions;

class KernelRamdiskTest {
    @TempDir
    Path dir;
    private BackendKit kit;
    private KernelRamdisk files;

    @BeforeEach
    void setUp() throws Exception {
        kit = new BackendKit(dir, LibvirtImageOptions.defaults());
        files = new KernelRamdisk(kit.fetch, kit.storage.cache(), new LocalDiskCopier(Map.of()));
    }

    @Test
    void kernelAndRamdiskAreCachedAndCopiedVerbatim() throws Exception {
        // a boot sector signature, as a bzImage has: byte for byte, never inspected or converted
        byte[] kernel = new byte[4096];
        kernel[510] = 0x55;
        kernel[511] = (byte) 0xAA;
        String kernelId = importAs(kernel, "aki");
        String ramdiskId = importAs("initrd".getBytes(), "ari");
        Path instanceDir = kit.instances.resolve("instance-a");

        KernelRamdisk.BootFiles boot = files.ensure(kit.context, instanceDir, kernelId, ramdiskId, null);
        files.ensure(kit.context, kit.instances.resolve("instance-b"), kernelId, ramdiskId, null);

        assertEquals(instanceDir.resolve("kernel"), boot.kernel());
        assertEquals(instanceDir.resolve("ramdisk"), boot.ramdisk());
        assertArrayEquals(kernel, Files.readAllBytes(boot.kernel()));
        assertArrayEquals("initrd".getBytes(), Files.readAllBytes(boot.ramdisk()));
        assertEquals(2, kit.images.downloads(), "each image once, for both instances");
        assertEquals(java.util.stream.Stream.of(CacheNames.forImage(kernelId), CacheNames.forImage(ramdiskId))
                .sorted().toList(), kit.cacheEntries());
    }

    @Test
    void noKernelMeansNoRamdiskEither() {
        KernelRamdisk.BootFiles boot = files.ensure(kit.context, kit.instances.resolve("i"), null, "ramdisk", null);
        assertNull(boot.kernel());
        assertNull(boot.ramdisk());
    }

    private String importAs(byte[] content, String diskFormat) throws Exception {
        Path file = Files.write(kit.files.path(diskFormat + ".bin"), content);
        return new ImageImporter(kit.imagesDir, ImageServerOptions.defaults())
                .importFile(ImportRequest.of(file, diskFormat, diskFormat)).get("id").asText();
    }
}
