package org.computeworker.worker.virt.libvirt.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.backend.DiskSource;
import org.computeworker.worker.image.backend.FilesystemGrower;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.virt.libvirt.DiskMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destination side of a resize: nova's _disk_resize grows a disk and the file system on it,
 * and _disk_raw_to_qcow2 turns a raw disk that arrived from a raw host into qcow2 on a qcow2 host.
 *
 * <p>A file system can only be grown on a raw image here (there is no libguestfs), so a qcow2 disk
 * with a bare ext file system is converted to raw, grown, and converted back to qcow2.
 */
public final class ResizeDisks {
    private static final Logger LOG = LoggerFactory.getLogger(ResizeDisks.class);

    private final QemuImg qemuImg;
    private final FilesystemGrower grower;

    public ResizeDisks(QemuImg qemuImg) {
        this.qemuImg = qemuImg;
        this.grower = new FilesystemGrower(qemuImg);
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
            grower.growRaw(file.path(), sizeBytes);
        } else if ("qcow2".equals(file.driverFormat())) {
            growQcow2(file.path(), sizeBytes);
        } else {
            disk.resize(sizeBytes);
        }
    }

    /**
     * The disks that arrived in {@code instanceDir}, as disk_info names them: only their file names are taken from
     * the message (the disks are ours, in our directory), and raw ones become qcow2 when this host uses qcow2 (nova's
     * use_cow_images rule; a config drive stays raw).
     *
     * @throws org.computeworker.worker.errors.NovaException InvalidDiskInfo for a name that is no instance disk
     */
    public void adoptArrived(List<InstanceDiskInfo> arrived, Path instanceDir, boolean useCowImages) {
        for (InstanceDiskInfo disk : arrived) {
            String name = disk.path().getFileName().toString();
            if (!DiskMapping.NAMES.contains(name)) {
                throw NovaErrors.invalidDiskInfo("unexpected disk " + name + " in disk_info");
            }
            Path local = instanceDir.resolve(name);
            if ("raw".equals(disk.type()) && useCowImages && !DiskMapping.CONFIG.equals(name) && Files.exists(local)) {
                rawToQcow2(local);
            }
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
            if (!grower.hasBareExtFilesystem(raw)) {
                qemuImg.resize(path, "qcow2", sizeBytes); // partitioned or unknown: only the disk grows
                return;
            }
            grower.growRaw(raw, sizeBytes);
            Path qcow = path.resolveSibling(path.getFileName() + "_qcow");
            qemuImg.convert(raw, "raw", qcow, "qcow2");
            move(qcow, path);
        } finally {
            deleteQuietly(raw);
        }
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
