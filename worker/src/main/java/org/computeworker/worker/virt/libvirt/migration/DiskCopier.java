package org.computeworker.worker.virt.libvirt.migration;

import java.nio.file.Path;

/**
 * Files on another compute host (nova's remotefs): what a resize needs to probe shared storage
 * and to move disks there. A null host means this host.
 */
public interface DiskCopier {
    void createDir(String host, Path dir);

    void createFile(String host, Path file);

    void removeFile(String host, Path file);

    void removeDir(String host, Path dir);

    /** Copies a local file to {@code destination} on {@code host}, keeping it sparse. */
    void copy(Path source, String host, Path destination);
}
