package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.computeworker.worker.image.qemu.QemuImg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's {@code disk.api.extend} for a raw image without libguestfs: grows the file, then the ext2/3/4 file system
 * on it when the file system starts at byte 0 (e2label reads only such a one); partitioned or unknown contents keep
 * their size and the guest sees the extra space unallocated.
 */
public final class FilesystemGrower {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemGrower.class);
    private static final Duration TIMEOUT = Duration.ofHours(1);

    private final QemuImg qemuImg;

    public FilesystemGrower(QemuImg qemuImg) {
        this.qemuImg = qemuImg;
    }

    /** Grows the raw image at {@code raw} to {@code sizeBytes}, and its file system when it has a bare ext one. */
    public void growRaw(Path raw, long sizeBytes) {
        qemuImg.resize(raw, "raw", sizeBytes);
        if (!hasBareExtFilesystem(raw)) {
            return;
        }
        // As nova: e2fsck may repair things (exit 1 or 2); a failed resize2fs only leaves the file system small.
        int fsck = exitCode("e2fsck", "-fp", raw.toString());
        if (fsck < 0 || fsck > 2) {
            LOG.warn("e2fsck of {} failed (exit {}); not growing its file system", raw, fsck);
            return;
        }
        int resize = exitCode("resize2fs", raw.toString());
        if (resize != 0) {
            LOG.warn("resize2fs of {} failed (exit {}); the file system keeps its size", raw, resize);
        }
    }

    /** nova's {@code is_image_extendable} for raw files. */
    public boolean hasBareExtFilesystem(Path raw) {
        return exitCode("e2label", raw.toString()) == 0;
    }

    /** The tool's exit status; -1 when it is not installed or could not run. */
    private static int exitCode(String program, String... args) {
        Optional<Path> tool = ExternalCommand.find(program);
        if (tool.isEmpty()) {
            LOG.warn("{} is not installed: file systems on resized disks are not grown", program);
            return -1;
        }
        List<String> command = new ArrayList<>(List.of(tool.get().toString()));
        command.addAll(List.of(args));
        try {
            ExternalCommand.run(command, TIMEOUT);
            return 0;
        } catch (ExternalCommand.Failed e) {
            return e.exitCode();
        } catch (IOException e) {
            LOG.warn("{} could not run: {}", program, e.getMessage());
            return -1;
        }
    }
}
