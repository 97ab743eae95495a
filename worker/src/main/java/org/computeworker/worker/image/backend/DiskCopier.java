package org.computeworker.worker.image.backend;

import java.nio.file.Path;

/**
 * Copies disk files between this host and another (nova's {@code libvirt_utils.copy_image} with a host): scp or
 * rsync over ssh in production ({@link RemoteFilesystemCopier}), a plain local copy in tests
 * ({@link LocalDiskCopier}). Paths are absolute and the same on both hosts, as nova assumes of instances_path.
 */
public interface DiskCopier {
    /** Copies {@code remotePath} on {@code source} to {@code localPath} here, replacing it. */
    void receive(RemoteHost source, Path remotePath, Path localPath);

    /** Copies {@code localPath} here to {@code remotePath} on {@code destination}, replacing it. */
    void send(Path localPath, RemoteHost destination, Path remotePath);
}
