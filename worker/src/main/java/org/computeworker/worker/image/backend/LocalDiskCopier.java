package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.computeworker.worker.image.cache.AtomicFiles;

/**
 * A {@link DiskCopier} for tests and single-machine development: each "host" is a local directory standing in for
 * its root filesystem, so {@code /var/lib/nova/instances/x} on host {@code a} is {@code <root of a>/var/lib/...}.
 */
public final class LocalDiskCopier implements DiskCopier {
    private final Map<String, Path> roots;

    public LocalDiskCopier(Map<String, Path> hostRoots) {
        this.roots = Map.copyOf(hostRoots);
    }

    @Override
    public void receive(RemoteHost source, Path remotePath, Path localPath) {
        copy(onHost(source, remotePath), localPath);
    }

    @Override
    public void send(Path localPath, RemoteHost destination, Path remotePath) {
        copy(localPath, onHost(destination, remotePath));
    }

    private Path onHost(RemoteHost host, Path path) {
        Path root = roots.get(host.name());
        if (root == null) {
            throw new DiskCopyException("unknown host " + host.name(), null);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("remote path must be absolute: " + path);
        }
        return root.resolve(path.getRoot().relativize(path.normalize()));
    }

    private static void copy(Path from, Path to) {
        Path staging = to.resolveSibling(to.getFileName() + ".copy.part");
        try {
            Files.createDirectories(to.toAbsolutePath().getParent());
            Files.copy(from, staging, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.commit(staging, to);
        } catch (IOException e) {
            LocalDisk.deleteQuietly(staging);
            throw new DiskCopyException("cannot copy " + from + " to " + to + ": " + e, e);
        }
    }
}
