package org.computeworker.worker.virt.libvirt.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.computeworker.worker.errors.InstanceFaultRollback;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.backend.DiskCopier;
import org.computeworker.worker.image.backend.FileTrees;
import org.computeworker.worker.config.RemoteHost;
import org.computeworker.worker.image.qemu.QemuImg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file side of a resize (nova's migrate_disk_and_power_off, _cleanup_resize and
 * finish_revert_migration): the instance directory becomes DIR_resize, kept for a revert, and the
 * disks go to the destination's DIR, a qcow2 disk flattened on the way so that it no longer needs
 * this host's image cache. The swap disk is never copied: the destination makes a new one.
 */
public final class MigrationFiles {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationFiles.class);
    private static final String RESIZE_SUFFIX = "_resize";

    private final DiskCopier copier;
    private final QemuImg qemuImg;

    public MigrationFiles(DiskCopier copier, QemuImg qemuImg) {
        this.copier = copier;
        this.qemuImg = qemuImg;
    }

    public static Path resizeDirectory(Path instanceDir) {
        return instanceDir.resolveSibling(instanceDir.getFileName() + RESIZE_SUFFIX);
    }

    /** Before the guest stops: a destination that cannot get the directory fails the resize harmlessly. */
    public void prepareDestination(String dest, Path instanceDir, boolean shared) {
        if (shared) {
            return;
        }
        try {
            copier.createDirectory(new RemoteHost(dest), instanceDir);
        } catch (RuntimeException e) {
            throw new InstanceFaultRollback(NovaErrors.resizeError("not able to execute ssh command: "
                    + e.getMessage()));
        }
    }

    /**
     * Moves DIR to DIR_resize and the disks back into DIR at {@code dest} (here when shared).
     * On any failure DIR is restored and the destination's copy removed.
     */
    public void moveDisks(String dest, Path instanceDir, boolean shared, List<InstanceDiskInfo> disks) {
        Path resizeDir = resizeDirectory(instanceDir);
        RemoteHost target = shared ? null : new RemoteHost(dest);
        try {
            deleteTree(resizeDir); // left over by an earlier failed resize
            Files.move(instanceDir, resizeDir);
            if (shared) {
                Files.createDirectories(instanceDir);
            }
            for (InstanceDiskInfo disk : disks) {
                String name = disk.path().getFileName().toString();
                if ("disk.swap".equals(name)) {
                    continue;
                }
                copyDisk(disk, resizeDir.resolve(name), target, instanceDir.resolve(name));
            }
            Path diskInfoFile = resizeDir.resolve("disk.info");
            if (Files.exists(diskInfoFile)) {
                copyFile(diskInfoFile, target, instanceDir.resolve("disk.info"));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("moving the disks of {} to {} failed; restoring the instance directory", instanceDir, dest);
            restore(dest, instanceDir, resizeDir, shared);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** finish_revert_migration: DIR_resize becomes DIR again (whatever is in DIR is dropped). */
    public void restoreResizeDirectory(Path instanceDir) {
        Path resizeDir = resizeDirectory(instanceDir);
        if (!Files.exists(resizeDir)) {
            return; // the resize failed before the move: DIR is still the original
        }
        try {
            deleteTree(instanceDir);
            Files.move(resizeDir, instanceDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + resizeDir, e);
        }
    }

    /** _cleanup_resize: removes DIR_resize (retrying as nova does for NFS). */
    public void removeResizeDirectory(Path instanceDir) {
        Path resizeDir = resizeDirectory(instanceDir);
        for (int attempt = 0; attempt < 5 && Files.exists(resizeDir); attempt++) {
            try {
                deleteTree(resizeDir);
            } catch (IOException e) {
                LOG.warn("removing {} failed (attempt {}): {}", resizeDir, attempt + 1, e.toString());
            }
        }
    }

    /**
     * A qcow2 disk with a backing file gets it merged in on the way (the destination's image cache may not have
     * it); on shared storage qemu-img makes every local copy, which keeps raw disks sparse too.
     */
    private void copyDisk(InstanceDiskInfo disk, Path from, RemoteHost target, Path to) throws IOException {
        boolean merge = "qcow2".equals(disk.type()) && disk.hasBackingFile();
        if (target == null) {
            qemuImg.convert(from, disk.type(), to, disk.type());
            return;
        }
        if (!merge) {
            copier.send(from, target, to);
            return;
        }
        Path merged = from.resolveSibling(from.getFileName() + "_rbase");
        try {
            qemuImg.convert(from, "qcow2", merged, "qcow2");
            copier.send(merged, target, to);
        } finally {
            Files.deleteIfExists(merged);
        }
    }

    private void copyFile(Path from, RemoteHost target, Path to) throws IOException {
        if (target == null) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } else {
            copier.send(from, target, to);
        }
    }

    private void restore(String dest, Path instanceDir, Path resizeDir, boolean shared) {
        try {
            if (Files.exists(resizeDir)) {
                deleteTree(instanceDir);
                Files.move(resizeDir, instanceDir);
                if (!shared) {
                    copier.removeDirectory(new RemoteHost(dest), instanceDir);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("could not restore {} from {}: {}", instanceDir, resizeDir, e.toString());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        FileTrees.delete(dir);
    }
}
