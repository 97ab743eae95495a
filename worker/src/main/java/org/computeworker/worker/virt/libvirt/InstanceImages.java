package org.computeworker.worker.virt.libvirt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.backend.DiskSource;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.service.ImageLocation;
import org.computeworker.worker.image.service.ImageRecord;
import org.computeworker.worker.image.service.ImageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's _create_image: the instance directory, kernel and ramdisk, and every disk of the
 * mapping, each created from its cached template only when it does not exist yet. The root disk
 * is cloned from the image's location first when the backend shares block storage (RBD).
 */
public final class InstanceImages {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceImages.class);
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private final ImageBackend disks;
    private final ImageBackend files;
    private final ImageService images;
    private final ImageTemplates templates;
    private final String defaultEphemeralFormat;

    /** What {@link #create} made, so that a failed spawn removes only that. */
    public record Created(boolean instanceDirectory, List<InstanceDisk> disks) {
    }

    /**
     * @param disks the configured images_type backend
     * @param files a file backend for kernels and ramdisks, which nova always keeps as raw files
     */
    public InstanceImages(ImageBackend disks, ImageBackend files, ImageService images, ImageTemplates templates,
                          String defaultEphemeralFormat) {
        this.disks = disks;
        this.files = files;
        this.images = images;
        this.templates = templates;
        this.defaultEphemeralFormat = defaultEphemeralFormat;
    }

    public Path instanceDirectory(Instance instance) {
        return disks.instanceDirectory(instance);
    }

    public Created create(RequestContext context, Instance instance, ImageMeta image, DiskMapping mapping) {
        Path dir = instanceDirectory(instance);
        boolean createdDir = !Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
            // nova creates console.log itself so that it belongs to the service, not to libvirt.
            Path console = dir.resolve("console.log");
            if (!Files.exists(console)) {
                Files.createFile(console);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create instance directory " + dir, e);
        }
        LOG.info("Creating image(s) for instance {}", instance.uuid());
        if (present(instance.kernelId())) {
            cacheFile(instance, "kernel", context, instance.kernelId());
            if (present(instance.ramdiskId())) {
                cacheFile(instance, "ramdisk", context, instance.ramdiskId());
            }
        }
        List<InstanceDisk> created = new ArrayList<>();
        Flavor flavor = instance.flavor();
        for (DiskInfo info : mapping.disks()) {
            InstanceDisk disk = disks.disk(instance, info.name());
            if (disk.exists() && !DiskMapping.ROOT.equals(info.name())) {
                continue;
            }
            boolean existed = disk.exists();
            switch (info.name()) {
                case DiskMapping.ROOT -> createRoot(context, instance, image, flavor, disk);
                case DiskMapping.EPHEMERAL -> {
                    String fs = ImageTemplates.ephemeralFileSystem(defaultEphemeralFormat, instance.string("os_type"));
                    disk.cache(templates.ephemeral(flavor.ephemeralGb(), fs),
                            ImageTemplates.ephemeralCacheName(flavor.ephemeralGb(), fs), flavor.ephemeralGb() * GIB);
                }
                case DiskMapping.SWAP -> disk.cache(templates.swap(flavor.swapMb()), "swap_" + flavor.swapMb(),
                        flavor.swapMb() * MIB);
                default -> throw new NovaException("Config drives are not supported by this libvirt driver yet"
                        + " (instance " + instance.uuid() + " requires one)");
            }
            if (!existed) {
                created.add(disk);
            }
        }
        return new Created(createdDir, created);
    }

    /** Where each disk of the mapping lives, for the guest XML. */
    public Map<String, DiskSource> sources(Instance instance, DiskMapping mapping) {
        Map<String, DiskSource> sources = new LinkedHashMap<>();
        for (DiskInfo info : mapping.disks()) {
            sources.put(info.name(), disks.disk(instance, info.name()).source());
        }
        return sources;
    }

    public Path kernel(Instance instance) {
        return filePath(files.disk(instance, "kernel"));
    }

    public Path ramdisk(Instance instance) {
        return filePath(files.disk(instance, "ramdisk"));
    }

    public InstanceDisk disk(Instance instance, String name) {
        return disks.disk(instance, name);
    }

    private void createRoot(RequestContext context, Instance instance, ImageMeta image, Flavor flavor,
                            InstanceDisk disk) {
        String imageId = instance.imageRef();
        long size = flavor.rootGb() * GIB;
        if (!disk.exists() && disk.isSharedBlockStorage() && cloned(context, instance.uuid(), imageId, image, disk)) {
            if (size > disk.virtualSize()) {
                disk.resize(size);
            }
            return;
        }
        // An existing disk is left alone by cache(); nova also relies on it to bring back a
        // missing backing file (hard reboot, finish_migration).
        disk.cache(templates.image(context, imageId, size), ImageTemplates.cacheName(imageId), size);
    }

    private boolean cloned(RequestContext context, String uuid, String imageId, ImageMeta image, InstanceDisk disk) {
        try {
            ImageRecord record = images.show(context, imageId);
            List<String> locations = new ArrayList<>();
            if (record.directUrl() != null) {
                locations.add(record.directUrl());
            }
            record.locations().stream().map(ImageLocation::url).filter(u -> !locations.contains(u))
                    .forEach(locations::add);
            disk.cloneFrom(context, imageId, image == null ? record.diskFormat() : image.diskFormat(), locations);
            LOG.info("Root disk of {} cloned from image {} (no download)", uuid, imageId);
            return true;
        } catch (NovaException e) {
            if (!"ImageUnacceptable".equals(e.pythonClass())) {
                throw e;
            }
            LOG.info("Image {} cannot be cloned for {} ({}); downloading it instead", imageId, uuid,
                    e.getMessage());
            return false;
        }
    }

    private void cacheFile(Instance instance, String name, RequestContext context, String imageId) {
        files.disk(instance, name).cache(templates.rawImage(context, imageId), ImageTemplates.cacheName(imageId), 0);
    }

    private static Path filePath(InstanceDisk disk) {
        if (disk.source() instanceof DiskSource.File file) {
            return file.path();
        }
        throw new IllegalStateException("kernels and ramdisks must be files, not " + disk.source());
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}
