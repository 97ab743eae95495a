package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.computeworker.worker.image.cache.AtomicFiles;
import org.computeworker.worker.config.RemoteHost;

/**
 * A {@link DiskCopier} for tests and single-machine development: each "host" is a local directory standing in for
 * its root filesystem, so {@code /var/lib/nova/instances/x} on host {@code a} is {@code <root of a>/var/lib/...}.
 *
 * <p>Workers sharing one machine live inside those roots (host a's instances_path is {@code <root of a>/instances},
 * say), so a path inside any host's root is read relative to that root: host a's
 * {@code <root of a>/instances/x} names {@code <root of b>/instances/x} on host b, which is what "the same path on
 * both hosts" means for them.
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

    @Override
    public void createDirectory(RemoteHost host, Path remoteDirectory) {
        io(() -> Files.createDirectories(onHost(host, remoteDirectory)), "create", remoteDirectory);
    }

    @Override
    public void createFile(RemoteHost host, Path remoteFile) {
        io(() -> {
            Path file = onHost(host, remoteFile);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }, "touch", remoteFile);
    }

    @Override
    public void removeFile(RemoteHost host, Path remoteFile) {
        io(() -> Files.deleteIfExists(onHost(host, remoteFile)), "remove", remoteFile);
    }

    @Override
    public void removeDirectory(RemoteHost host, Path remoteDirectory) {
        io(() -> FileTrees.delete(onHost(host, remoteDirectory)), "remove", remoteDirectory);
    }

    /** Where {@code path} of {@code host} is on this machine. */
    public Path onHost(RemoteHost host, Path path) {
        Path root = roots.get(host.name());
        if (root == null) {
            throw new DiskCopyException("unknown host " + host.name(), null);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("remote path must be absolute: " + path);
        }
        Path normal = path.normalize();
        Optional<Path> within = roots.values().stream().map(r -> r.toAbsolutePath().normalize())
                .filter(normal::startsWith).max(Comparator.comparingInt(Path::getNameCount));
        return root.resolve(within.map(r -> r.relativize(normal)).orElseGet(() -> normal.getRoot().relativize(normal)));
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

    private interface FileChore {
        void run() throws IOException;
    }

    private static void io(FileChore chore, String what, Path path) {
        try {
            chore.run();
        } catch (IOException e) {
            throw new DiskCopyException("cannot " + what + " " + path + ": " + e, e);
        }
    }
}
