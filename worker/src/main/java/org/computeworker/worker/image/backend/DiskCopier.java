package org.computeworker.worker.image.backend;

import java.nio.file.Path;
import org.computeworker.worker.config.RemoteHost;

/**
 * Disk files on other compute hosts (nova's {@code libvirt_utils.copy_image} with a host, and the remotefs calls a
 * resize makes): scp or rsync plus ssh in production ({@link RemoteFilesystemCopier}), plain local file operations
 * in tests and single-machine development ({@link LocalDiskCopier}). Paths are absolute and the same on both hosts,
 * as nova assumes of instances_path.
 */
public interface DiskCopier {
    /** Copies {@code remotePath} on {@code source} to {@code localPath} here, replacing it. */
    void receive(RemoteHost source, Path remotePath, Path localPath);

    /** Copies {@code localPath} here to {@code remotePath} on {@code destination}, replacing it. */
    void send(Path localPath, RemoteHost destination, Path remotePath);

    /** nova's {@code remotefs.create_dir}: {@code mkdir -p} on {@code host}. */
    void createDirectory(RemoteHost host, Path remoteDirectory);

    /** nova's {@code remotefs.create_file}: {@code touch} on {@code host} (the shared-storage probe). */
    void createFile(RemoteHost host, Path remoteFile);

    /** nova's {@code remotefs.remove_file}: {@code rm -f} on {@code host}. */
    void removeFile(RemoteHost host, Path remoteFile);

    /** nova's {@code remotefs.remove_dir}: {@code rm -rf} on {@code host}. */
    void removeDirectory(RemoteHost host, Path remoteDirectory);
}
