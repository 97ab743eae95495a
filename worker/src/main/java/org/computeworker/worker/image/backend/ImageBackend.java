package org.computeworker.worker.image.backend;

import java.nio.file.Path;
import org.computeworker.messages.objects.Instance;

/**
 * nova's {@code imagebackend.Backend}: the disks of instances for the configured
 * {@code [libvirt] images_type} (raw/flat, qcow2, rbd; default = qcow2 when use_cow_images).
 */
public interface ImageBackend extends AutoCloseable {
    /** The images_type this backend implements. */
    String imagesType();

    /** The disk {@code diskName} of {@code instance} (it may not exist yet). */
    InstanceDisk disk(Instance instance, String diskName);

    /** The instance's own directory: instances_path/&lt;uuid&gt; (kept even for RBD: logs, disk.info). */
    Path instanceDirectory(Instance instance);

    /** Bytes of disk this backend can still give guests, for get_available_resource. */
    long availableBytes();

    /** Total bytes of the storage behind this backend. */
    long totalBytes();

    @Override
    default void close() {
    }
}
