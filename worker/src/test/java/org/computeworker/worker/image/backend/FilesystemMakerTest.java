package org.computeworker.worker.image.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemMakerTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheToolTheTemplateStaysBlank() throws Exception {
        FilesystemMaker none = new FilesystemMaker(program -> Optional.empty());
        Path file = Files.write(dir.resolve("eph"), new byte[4096]);

        assertFalse(none.format(file, "ext4", "ephemeral0"));
        assertFalse(none.makeSwap(file));

        assertArrayEquals(new byte[4096], Files.readAllBytes(file));
    }

    @Test
    void formatsWithTheInstalledMkfs() throws Exception {
        Path file = dir.resolve("eph");
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(16L << 20);
        }
        assertTrue(new FilesystemMaker().format(file, "ext4", "ephemeral0"),
                "mkfs.ext4 missing: apt-get install -y e2fsprogs");
    }

    @Test
    void refusesUnknownFilesystemsAndOddLabels() {
        FilesystemMaker mkfs = new FilesystemMaker(program -> Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> mkfs.format(dir.resolve("x"), "ext4;reboot", null));
        assertThrows(IllegalArgumentException.class,
                () -> mkfs.format(dir.resolve("x"), "ext4", "-O bad"));
    }
}
