package org.computeworker.worker.virt.libvirt;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * nova's disk_cachemode: "none" (O_DIRECT) for consistent performance and migration safety,
 * "writeback" where the instances file system cannot do O_DIRECT (tmpfs), which qemu would
 * otherwise refuse to open the disks on.
 */
public final class DiskCacheMode {
    private DiskCacheMode() {
    }

    public static String forInstancesPath(Path instancesPath) {
        return supportsDirectIo(instancesPath) ? "none" : "writeback";
    }

    /** nova's supports_direct_io: writes one aligned block with O_DIRECT into a scratch file. */
    static boolean supportsDirectIo(Path dir) {
        Path probe = dir.resolve(".directio.test");
        try {
            Files.createDirectories(dir);
            int block = (int) Math.max(4096, Files.getFileStore(dir).getBlockSize());
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    ExtendedOpenOption.DIRECT)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(block * 2).alignedSlice(block);
                buffer.limit(block);
                channel.write(buffer);
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // best effort, as nova's probe
            }
        }
    }
}
