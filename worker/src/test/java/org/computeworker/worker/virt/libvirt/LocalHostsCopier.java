package org.computeworker.worker.virt.libvirt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.computeworker.worker.virt.libvirt.migration.DiskCopier;

/**
 * Test copier for "hosts" that live on this machine: each host name owns an instances path, and a
 * path under any known instances path means the same relative path under that host's one. Two
 * hosts with the same instances path therefore share storage, honestly.
 */
final class LocalHostsCopier implements DiskCopier {
    private final Map<String, Path> instancesPaths;
    private final HostCommands commands = HostCommands.withDefaults();

    LocalHostsCopier(Map<String, Path> instancesPaths) {
        this.instancesPaths = Map.copyOf(instancesPaths);
    }

    Path onHost(String host, Path path) {
        if (host == null) {
            return path;
        }
        Path root = instancesPaths.get(host);
        if (root == null) {
            throw new IllegalArgumentException("unknown host " + host);
        }
        for (Path known : instancesPaths.values()) {
            if (path.startsWith(known)) {
                return root.resolve(known.relativize(path));
            }
        }
        throw new IllegalArgumentException(path + " is under no instances path");
    }

    @Override
    public void createDir(String host, Path dir) {
        io(() -> Files.createDirectories(onHost(host, dir)));
    }

    @Override
    public void createFile(String host, Path file) {
        io(() -> Files.createFile(onHost(host, file)));
    }

    @Override
    public void removeFile(String host, Path file) {
        io(() -> Files.deleteIfExists(onHost(host, file)));
    }

    @Override
    public void removeDir(String host, Path dir) {
        commands.check(List.of("rm", "-rf", "--", onHost(host, dir).toString()));
    }

    @Override
    public void copy(Path source, String host, Path destination) {
        commands.check(List.of("cp", "--sparse=always", "--", source.toString(),
                onHost(host, destination).toString()));
    }

    private interface IoAction {
        Object run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
