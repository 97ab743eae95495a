package org.computeworker.worker.virt.libvirt.wiring;

import java.nio.file.Files;
import java.util.function.Supplier;
import org.computeworker.worker.WorkerRuntime;
import org.computeworker.worker.config.LibvirtOptions;
import org.computeworker.worker.config.LibvirtWorkerOptions;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.config.WorkerConfig;
import org.computeworker.worker.image.backend.DiskCopier;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.backend.ImageBackends;
import org.computeworker.worker.image.backend.InstanceDiskScan;
import org.computeworker.worker.image.backend.LocalDiskCopier;
import org.computeworker.worker.image.backend.LocalStorage;
import org.computeworker.worker.image.backend.rbd.RbdBackend;
import org.computeworker.worker.image.backend.rbd.RbdOptions;
import org.computeworker.worker.image.backend.RemoteFilesystemCopier;
import org.computeworker.worker.image.cache.ImageCacheManager;
import org.computeworker.worker.image.cache.ImageCacheOptions;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.service.GlanceImageService;
import org.computeworker.worker.image.service.GlanceOptions;
import org.computeworker.worker.image.service.ImageService;
import org.computeworker.worker.image.service.LocalDirectoryImageService;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.InstanceRecord;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.libvirt.LibvirtDriver;
import org.computeworker.worker.virt.libvirt.LibvirtParts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@code compute_driver = libvirt.LibvirtDriver} from nova.conf: the image backend {@code images_type}
 * names, the image source ({@code [glance] api_servers} or {@code [compute_worker] image_directory}), the disk
 * copier, power-state sync from lifecycle events and the periodic image cache manager, each handed to the runtime
 * to close when the worker stops.
 */
public final class LibvirtWiring {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtWiring.class);

    private LibvirtWiring() {
    }

    public static ComputeDriver create(WorkerRuntime runtime, InstanceRecord instances) {
        WorkerConfig config = runtime.config();
        OptionReader r = config.reader();
        LibvirtOptions options = config.libvirt();
        LibvirtWorkerOptions local = LibvirtWorkerOptions.read(r);
        ImageCacheOptions cacheOptions = ImageCacheOptions.read(r);
        LocalStorage storage = LocalStorage.create(config.compute().instancesPath(), cacheOptions, options.images(),
                QemuImg.withDefaults());
        ImageService images = imageService(r, local);
        ImageBackend disks = runtime.own(ImageBackends.forConfig(options.images(), storage,
                rbdBackend(r, storage, runtime)));
        PowerStateSync events = runtime.own(new PowerStateSync(instances, config.compute().host()));
        LibvirtDriver driver = new LibvirtDriver(new LibvirtParts(options, storage, disks, images,
                copier(options, local), config.compute().myIp(), events));
        cacheOptions.managerInterval().ifPresentOrElse(interval -> runtime.own(new ImageCacheSchedule(
                        new ImageCacheManager(storage.cache(), cacheOptions, new InstanceDiskScan(storage)),
                        () -> instances.onHost(RequestContext.admin(), config.compute().host()))
                        .start(interval)),
                () -> LOG.info("[image_cache] manager_interval = -1: the image cache manager never runs"));
        LOG.info("libvirt driver: {} ({}), images_type {}, instances in {}", options.effectiveUri(), options.virtType(),
                disks.imagesType(), storage.instancesPath());
        return driver;
    }

    /** {@code images_type = rbd}: the rbd options are read, and Ceph contacted, only when that is configured. */
    static Supplier<ImageBackend> rbdBackend(OptionReader r, LocalStorage storage, WorkerRuntime runtime) {
        return () -> RbdBackend.create(RbdOptions.read(r), storage, runtime.registry());
    }

    static ImageService imageService(OptionReader r, LibvirtWorkerOptions local) {
        if (local.imageDirectory() != null) {
            // Else every build fails later with "Image <id> could not be found", which points at the ids, not at
            // the path (e.g. a trailing "# comment", which oslo.config also keeps as part of the value).
            if (!Files.isDirectory(local.imageDirectory())) {
                throw r.invalid("compute_worker", "image_directory", local.imageDirectory().toString(),
                        "an existing directory (the image server's --dir)");
            }
            LOG.info("images come from the local directory {} ([compute_worker] image_directory)",
                    local.imageDirectory());
            return new LocalDirectoryImageService(local.imageDirectory());
        }
        return new GlanceImageService(GlanceOptions.read(r));
    }

    static DiskCopier copier(LibvirtOptions options, LibvirtWorkerOptions local) {
        if (!local.localCopyHostRoots().isEmpty()) {
            LOG.info("disks travel between hosts by local copies: {} ([compute_worker] local_copy_host_roots)",
                    local.localCopyHostRoots());
            return new LocalDiskCopier(local.localCopyHostRoots());
        }
        return RemoteFilesystemCopier.forOptions(options.images());
    }
}
