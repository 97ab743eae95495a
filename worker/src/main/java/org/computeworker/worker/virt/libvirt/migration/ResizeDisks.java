package org.computeworker.worker.virt.libvirt.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.computeworker.worker.image.backend.DiskSource;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.virt.libvirt.HostCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destination side of a resize: nova's _disk_resize grows a disk and the file system on it,
 * and _disk_raw_to_qcow2 turns a raw disk that arrived from a raw host into qcow2 on a qcow2 host.
 *
 * <p>A file system can only be grown on a raw image here (there is no libguestfs), so a qcow2 disk
 * is converted to raw, grown, checked for a bare ext2/3/4 file system (e2label succeeds only on a
 * partitionless one) which resize2fs then grows, and converted back to qcow2.
 */
public final class ResizeDisks {
    private static final Logger LOG = LoggerFactory.getLogger(ResizeDisks.class);

    private final QemuImg qemuImg;
    private final HostCommands commands;

    public ResizeDisks(QemuImg qemuImg, HostCommands commands) {
        this.qemuImg = qemuImg;
        this.commands = commands;
    }

    /**
     * Grows {@code disk} to {@code sizeBytes}; a disk already that big is left alone (never shrunk),
     * a missing one too (it is created at the new size afterwards).
     */
    public void grow(InstanceDisk disk, long sizeBytes) {
        if (sizeBytes <= 0 || !disk.exists() || disk.virtualSize() >= sizeBytes) {
            return;
        }
        if (!(disk.source() instanceof DiskSource.File file)) {
            disk.resize(sizeBytes); // RBD: the image grows; nova does not touch its file system either
            return;
        }
        LOG.info("Growing {} to {} bytes", file.path(), sizeBytes);
        if ("raw".equals(file.driverFormat())) {
            growRaw(file.path(), sizeBytes);
        } else if ("qcow2".equals(file.driverFormat())) {
            growQcow2(file.path(), sizeBytes);
        } else {
            disk.resize(sizeBytes);
        }
    }

    /** nova's _disk_raw_to_qcow2. */
    public void rawToQcow2(Path path) {
        Path staged = path.resolveSibling(path.getFileName() + "_qcow");
        qemuImg.convert(path, "raw", staged, "qcow2");
        move(staged, path);
    }

    private void growQcow2(Path path, long sizeBytes) {
        Path raw = path.resolveSibling(path.getFileName() + "_raw");
        try {
            qemuImg.convert(path, "qcow2", raw, "raw");
            if (!hasBareExtFileSystem(raw)) {
                qemuImg.resize(path, "qcow2", sizeBytes); // partitioned or unknown: only the disk grows
                return;
            }
            growRaw(raw, sizeBytes);
            Path qcow = path.resolveSibling(path.getFileName() + "_qcow");
            qemuImg.convert(raw, "raw", qcow, "qcow2");
            move(qcow, path);
        } finally {
            deleteQuietly(raw);
        }
    }

    /** nova's disk.api.extend for a raw image: qemu-img resize, then e2fsck + resize2fs when extendable. */
    private void growRaw(Path path, long sizeBytes) {
        qemuImg.resize(path, "raw", sizeBytes);
        if (!hasBareExtFileSystem(path)) {
            return;
        }
        // nova: e2fsck may fix things (exit 1 or 2); a failed resize2fs only leaves the file system small.
        HostCommands.Result fsck = commands.run(List.of("e2fsck", "-fp", path.toString()));
        if (fsck.exitCode() > 2) {
            LOG.warn("e2fsck of {} failed ({}); not growing its file system", path, fsck.stderr().strip());
            return;
        }
        HostCommands.Result resize = commands.run(List.of("resize2fs", path.toString()));
        if (!resize.succeeded()) {
            LOG.warn("resize2fs of {} failed: {}", path, resize.stderr().strip());
        }
    }

    /** nova's is_image_extendable for raw files: e2label reads only a file system that starts at byte 0. */
    private boolean hasBareExtFileSystem(Path raw) {
        return commands.run(List.of("e2label", raw.toString())).succeeded();
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", path, e.toString());
        }
    }
}
