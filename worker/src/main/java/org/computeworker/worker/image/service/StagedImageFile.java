package org.computeworker.worker.image.service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A hidden temporary file beside the destination that receives image bytes and becomes the
 * destination only on {@link #commit()}; closing it uncommitted deletes it, so a failed or
 * aborted download never leaves a partial image nor clobbers an existing one.
 */
final class StagedImageFile implements AutoCloseable {
    private final Path dest;
    private final Path staging;
    private FileChannel channel;
    private boolean committed;

    private StagedImageFile(Path dest, Path staging) {
        this.dest = dest;
        this.staging = staging;
    }

    static StagedImageFile beside(Path dest) throws IOException {
        Path absolute = dest.toAbsolutePath();
        Path dir = absolute.getParent();
        // Not createTempFile: its owner-only mode would stick to the image, which the hypervisor
        // (another user) must read. createFile leaves the mode to the umask, as nova's open() does.
        Path staging = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".part");
        Files.createFile(staging);
        return new StagedImageFile(absolute, staging);
    }

    Path path() {
        return staging;
    }

    /** A stream that writes from the start of an emptied file, so a retried transfer starts clean. */
    OutputStream restart() throws IOException {
        closeChannel();
        channel = FileChannel.open(staging, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return Channels.newOutputStream(channel);
    }

    /** Frees the staging path for a tool that insists on creating its output file itself (rbd export). */
    Path pathForExternalWriter() throws IOException {
        closeChannel();
        Files.deleteIfExists(staging);
        return staging;
    }

    /** Flushes to disk, as nova fsyncs, then moves the file into place. */
    void commit() throws IOException {
        if (channel != null) {
            channel.force(true);
            closeChannel();
        } else {
            try (FileChannel written = FileChannel.open(staging, StandardOpenOption.WRITE)) {
                written.force(true);
            }
        }
        try {
            Files.move(staging, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        try {
            closeChannel();
        } finally {
            if (!committed) {
                Files.deleteIfExists(staging);
            }
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            FileChannel c = channel;
            channel = null;
            c.close();
        }
    }
}
