package org.computeworker.worker.image.backend.rbd;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.backend.LocalStorage;

/**
 * nova's {@code imagebackend.Rbd} backend ({@code [libvirt] images_type = rbd}): every disk is an RBD image
 * {@code <pool>/<instance uuid>_<disk name>}; the local image cache still holds the templates of disks that could
 * not be cloned inside Ceph.
 */
public final class RbdBackend implements ImageBackend {
    public static final String IMAGES_TYPE = "rbd";
    private static final long GIB = 1L << 30;

    private final RbdOptions options;
    private final RbdDriver driver;
    private final LocalStorage storage;
    private final RootDiskMetrics metrics;

    RbdBackend(RbdOptions options, RbdDriver driver, LocalStorage storage, MeterRegistry registry) {
        this.options = options;
        this.driver = driver;
        this.storage = storage;
        this.metrics = new RootDiskMetrics(registry);
    }

    /**
     * @param registry where the root-disk path counter goes; may be null
     * @throws ConfigException when force_raw_images is off, which nova's init_host refuses for rbd too: the image
     *                         cache would hold qcow2 templates that an import would copy byte for byte
     */
    public static RbdBackend create(RbdOptions options, LocalStorage storage, MeterRegistry registry) {
        if (!storage.forceRawImages()) {
            throw new ConfigException("'[DEFAULT]/force_raw_images = False' is not allowed with "
                    + "'[libvirt]/images_type = rbd'. Please check the two configs and if you really do want to use "
                    + "rbd as images_type, set force_raw_images to True.");
        }
        return new RbdBackend(options, new RbdDriver(options), storage, registry);
    }

    /** For {@code ImageBackends.forConfig(opts, storage, RbdBackend.provider(...))}. */
    public static Supplier<ImageBackend> provider(RbdOptions options, LocalStorage storage, MeterRegistry registry) {
        return () -> create(options, storage, registry);
    }

    @Override
    public String imagesType() {
        return IMAGES_TYPE;
    }

    @Override
    public InstanceDisk disk(Instance instance, String diskName) {
        return new RbdDisk(this, diskName, instance.uuid() + "_" + diskName, instance.rootGb() * GIB);
    }

    @Override
    public Path instanceDirectory(Instance instance) {
        return storage.instanceDirectory(instance);
    }

    /** What the pool can still take ({@code max_avail}, replication accounted for), as nova reports it. */
    @Override
    public long availableBytes() {
        return driver.poolCapacity(options.pool()).freeBytes();
    }

    /** The cluster's raw capacity, as nova reports it. */
    @Override
    public long totalBytes() {
        return driver.poolCapacity(options.pool()).totalBytes();
    }

    /** The monitors guests connect to, read from ceph.conf each time so a changed mon_host is picked up. */
    CephMonitors monitors() {
        try {
            return CephMonitors.fromConf(options.effectiveCephConf(), options.user());
        } catch (IOException | RuntimeException e) {
            throw new CephException("cannot read the monitor addresses from " + options.effectiveCephConf() + ": "
                    + e.getMessage(), 0, e);
        }
    }

    public RbdDriver driver() {
        return driver;
    }

    public RbdOptions options() {
        return options;
    }

    LocalStorage storage() {
        return storage;
    }

    RootDiskMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        driver.close();
    }
}
