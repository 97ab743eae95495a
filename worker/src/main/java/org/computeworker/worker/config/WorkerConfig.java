package org.computeworker.worker.config;

import java.nio.file.Files;
import java.nio.file.Path;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;

/** The whole worker configuration, read from one nova.conf and checked before anything starts. */
public record WorkerConfig(
        OsloConfigFile file,
        ComputeOptions compute,
        MessagingOptions messaging,
        NotificationOptions notifications,
        WorkerOptions worker,
        FakeDriverOptions fake,
        LibvirtOptions libvirt,
        ControlPlaneOptions controlPlane) {

    public static WorkerConfig load(Path path) {
        return load(java.util.List.of(path));
    }

    /** Several files, as oslo.config reads {@code --config-file a --config-file b}: later values win. */
    public static WorkerConfig load(java.util.List<Path> paths) {
        java.util.List<OsloConfigFile> files = new java.util.ArrayList<>();
        for (Path path : paths) {
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("configuration file " + path + " does not exist or is not a file");
            }
            files.add(OsloConfigFile.read(path));
        }
        return from(files.isEmpty() ? OsloConfigFile.empty() : OsloConfigFile.merge(files));
    }

    public static WorkerConfig from(OsloConfigFile file) {
        OptionReader r = new OptionReader(file);
        ComputeOptions compute = ComputeOptions.read(r); // first: it defines $state_path
        return new WorkerConfig(file, compute, MessagingOptions.read(r), NotificationOptions.read(r),
                WorkerOptions.read(r), FakeDriverOptions.read(r), LibvirtOptions.read(r), ControlPlaneOptions.read(r));
    }

    public OptionReader reader() {
        return new OptionReader(file);
    }
}
