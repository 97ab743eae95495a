package org.computeworker.worker.image.backend;

import static org.computeworker.worker.image.backend.BackendKit.GIB;
import static org.computeworker.worker.image.backend.BackendKit.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.image.cache.CacheNames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.computeworker.worker.config.LibvirtImageOptions;

class DiskTemplatesTest {
    @TempDir
    Path dir;
    private BackendKit kit;

    @BeforeEach
    void setUp() throws Exception {
        kit = new BackendKit(dir, LibvirtImageOptions.defaults());
    }

    @Test
    void cacheNamesAreNovas() {
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", CacheNames.forImage(""));
        assertEquals("swap_512", CacheNames.swap(512));
        // what nova computes: hashlib.md5(b'ext4').hexdigest()[:7]
        assertEquals("ephemeral_20_40d1d2c", CacheNames.ephemeral(20, "ext4"));
        assertEquals("ephemeral_1_0706d66", CacheNames.ephemeral(1, "vfat"));
        assertEquals(CacheNames.Kind.ORIGINAL, CacheNames.kindOf(CacheNames.forImage("x")));
        assertEquals(CacheNames.Kind.RESIZED, CacheNames.kindOf(CacheNames.forImage("x") + "_10737418240"));
        assertEquals(CacheNames.Kind.SWAP, CacheNames.kindOf("swap_512"));
        assertEquals(CacheNames.Kind.EPHEMERAL, CacheNames.kindOf(CacheNames.ephemeral(1, "vfat")));
        assertEquals(null, CacheNames.kindOf(CacheNames.forImage("x") + ".part"));
    }

    @Test
    void ephemeralFilesystemFollowsNovasChoice() {
        LibvirtImageOptions options = LibvirtImageOptions.defaults();
        assertEquals("ext4", options.ephemeralFilesystem("linux", null));
        assertEquals("ntfs", options.ephemeralFilesystem("windows", null));
        assertEquals("vfat", options.ephemeralFilesystem(null, null));
        assertEquals("xfs", options.ephemeralFilesystem("linux", "xfs"));
        LibvirtImageOptions ext3 = new LibvirtImageOptions("default", true, true, "none", "ext3", "ssh");
        assertEquals("ext3", ext3.ephemeralFilesystem("windows", null));
    }

    @Test
    void ephemeralDiskIsAnOverlayOnAFormattedTemplateCachedBySize() throws Exception {
        Instance instance = BackendKit.instance();
        ImageBackend backend = kit.backend();
        Template template = kit.templates.ephemeral(1, "linux", null, "ephemeral0");
        assertEquals(CacheNames.ephemeral(1, "ext4"), template.cacheName());

        template.applyTo(backend.disk(instance, "disk.local"));
        kit.templates.ephemeral(1, "linux", null, "ephemeral0").applyTo(backend.disk(BackendKit.instance(),
                "disk.local"));

        assertEquals(List.of(template.cacheName()), kit.cacheEntries());
        Path base = kit.cacheDir().resolve(template.cacheName());
        assertEquals(GIB, Files.size(base));
        assertExt4(base);
        JsonNode info = kit.info(backend.instanceDirectory(instance).resolve("disk.local"), "qcow2");
        assertEquals(base.toString(), info.get("backing-filename").asText());
        assertEquals(GIB, info.get("virtual-size").asLong());
    }

    @Test
    void swapDiskIsACopyOfAMkswapTemplateOnFlat() throws Exception {
        ImageBackend flat = ImageBackends.raw(kit.storage);
        Instance instance = BackendKit.instance();
        kit.templates.swap(64).applyTo(flat.disk(instance, "disk.swap"));

        Path disk = flat.instanceDirectory(instance).resolve("disk.swap");
        assertEquals(64 * MIB, Files.size(disk));
        assertSwap(disk);
        assertEquals(List.of("swap_64"), kit.cacheEntries());
        assertEquals(Map.of("disk.swap", "swap_64"), InstanceRecordFile.diskTemplates(disk.getParent()).read());
    }

    @Test
    void preallocateSpaceReservesTheWholeDiskUpFront() throws Exception {
        BackendKit space = new BackendKit(dir.resolve("space"),
                new LibvirtImageOptions("qcow2", true, true, "space", null, "ssh"));
        Instance instance = BackendKit.instance();
        ImageBackend backend = space.backend();
        space.templates.swap(16).applyTo(backend.disk(instance, "disk.swap"));

        Path disk = backend.instanceDirectory(instance).resolve("disk.swap");
        assertTrue(space.info(disk, "qcow2").get("actual-size").asLong() >= 16 * MIB, "fallocate -n reserved it");
        assertTrue(Files.size(disk) < 16 * MIB, "without growing the qcow2 file itself");
    }

    /** mkfs.ext4 is in e2fsprogs, present on every Debian; nova needs it too. */
    private static void assertExt4(Path file) throws Exception {
        assertTrue(ExternalCommand.find("mkfs.ext4").isPresent(), "mkfs.ext4 missing: apt-get install -y e2fsprogs");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(1024 + 56);
            assertEquals(0x53, f.read(), "ext superblock magic");
            assertEquals(0xEF, f.read(), "ext superblock magic");
        }
    }

    private static void assertSwap(Path file) throws Exception {
        assertTrue(ExternalCommand.find("mkswap").isPresent(), "mkswap missing: apt-get install -y util-linux");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] magic = new byte[10];
            f.seek(4096 - 10);
            f.readFully(magic);
            assertArrayEquals("SWAPSPACE2".getBytes(StandardCharsets.US_ASCII), magic);
        }
    }
}
