package org.computeworker.worker.image.backend;

import java.nio.file.Path;
import java.util.List;

/** Where a disk lives, as the guest definition needs to name it. */
public sealed interface DiskSource permits DiskSource.File, DiskSource.Rbd {

    /** A local file; {@code driverFormat} is what qemu opens it as (raw or qcow2). */
    record File(Path path, String driverFormat) implements DiskSource {
    }

    /**
     * An RBD image: {@code <disk type='network'><source protocol='rbd' name='pool/image'>} with the
     * monitors, and cephx auth by {@code user} with the libvirt secret {@code secretUuid}.
     */
    record Rbd(String pool, String image, List<String> monitorHosts, List<String> monitorPorts, String user,
               String secretUuid) implements DiskSource {
        public String name() {
            return pool + "/" + image;
        }
    }
}
