package org.computeworker.worker.image.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Puts a fully written file in place so that a crash leaves either the old state or the complete new file. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Flushes {@code written} to disk, renames it to {@code dest} (replacing it) and flushes the directory entry. */
    public static void commit(Path written, Path dest) throws IOException {
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(written, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(written, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(dest.toAbsolutePath().getParent());
    }

    /** Makes a rename or unlink in {@code dir} durable; a no-op where directories cannot be opened (not Linux). */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Durability of the name only; the data itself was already forced.
        }
    }
}
