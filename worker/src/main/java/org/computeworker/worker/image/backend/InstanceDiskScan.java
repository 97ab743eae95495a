package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.cache.ImageCacheException;
import org.computeworker.worker.image.cache.TemplateUsage;
import org.computeworker.worker.image.inspect.ImageFormat;
import org.computeworker.worker.image.inspect.ImageInspection;

/**
 * Finds the templates the disks under instances_path use, for the cache manager: the backing file of every qcow2
 * disk (from qemu-img info, as nova reads it) and the template each disk was made from (disk.templates). Every
 * directory counts, including {@code <uuid>_resize} and leftovers of deleted instances: keeping a template too long
 * costs space, removing one too early breaks a guest.
 */
public final class InstanceDiskScan implements TemplateUsage {
    private final LocalStorage storage;

    public InstanceDiskScan(LocalStorage storage) {
        this.storage = storage;
    }

    /** @throws ImageCacheException when a disk cannot be read: the manager must then remove nothing */
    @Override
    public Set<String> templatesInUse() {
        Set<String> used = new HashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(storage.instancesPath(), this::isInstanceDir)) {
            for (Path dir : dirs) {
                used.addAll(InstanceRecordFile.diskTemplates(dir).read().values());
                used.addAll(backingFiles(dir));
            }
        } catch (IOException e) {
            throw new ImageCacheException("cannot scan " + storage.instancesPath() + ": " + e, e);
        }
        return used;
    }

    private boolean isInstanceDir(Path dir) {
        String name = dir.getFileName().toString();
        return Files.isDirectory(dir) && !name.startsWith(".") && !dir.equals(storage.cache().directory())
                && !dir.equals(storage.cache().lockDirectory());
    }

    private Set<String> backingFiles(Path dir) throws IOException {
        Map<String, String> formats = InstanceRecordFile.diskInfo(dir).read();
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path file : files) {
                String recorded = formats.get(file.toString());
                boolean qcow2 = recorded != null ? recorded.equals(Qcow2Disk.FORMAT) : looksLikeOurQcow2(file);
                if (qcow2) {
                    String backing = backingFile(file);
                    if (backing != null) {
                        // nova resolves the backing file's name in the cache directory, whatever its full path
                        names.add(Path.of(backing).getFileName().toString());
                    }
                }
            }
        }
        return names;
    }

    /**
     * A disk not in disk.info (made by nova itself, or before disk.info existed) counts when its header is qcow2;
     * one with an external data file is not a disk this host made and is never handed to qemu-img.
     */
    private boolean looksLikeOurQcow2(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || name.equals(InstanceRecordFile.DISK_INFO)
                || name.equals(InstanceRecordFile.DISK_TEMPLATES)) {
            return false;
        }
        return storage.detector().detect(file).matches().stream().anyMatch(m -> m.format() == ImageFormat.QCOW2
                && m.fact(ImageInspection.DATA_FILE).isEmpty());
    }

    private String backingFile(Path disk) {
        try {
            return storage.qemuImg().info(disk, Qcow2Disk.FORMAT).backingFile();
        } catch (NovaException e) {
            if (e.is(NovaError.DISK_NOT_FOUND) || !Files.exists(disk)) {
                return null; // deleted with its instance while this scan ran
            }
            throw new ImageCacheException("cannot read the backing file of " + disk + ": " + e.getMessage(), e);
        }
    }
}
