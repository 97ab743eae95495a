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
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.backend.DiskSource;
import org.computeworker.worker.image.backend.DiskTemplates;
import org.computeworker.worker.image.backend.FileTrees;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.backend.KernelRamdisk;
import org.computeworker.worker.config.RemoteHost;
import org.computeworker.worker.image.backend.RootDiskPreparer;
import org.computeworker.worker.image.service.ImageService;
import org.computeworker.worker.virt.libvirt.migration.MigrationFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's _create_image: the instance directory, kernel and ramdisk, and every disk of the
 * mapping, each created from its cached template only when it does not exist yet. The root disk
 * is cloned from the image's location first when the backend shares block storage (RBD).
 */
public final class InstanceImages {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceImages.class);
    /** nova's label for the first ephemeral disk's file system. */
    private static final String EPHEMERAL_LABEL = "ephemeral0";

    private final ImageBackend disks;
    private final DiskTemplates templates;
    private final KernelRamdisk bootFiles;
    private final RootDiskPreparer rootDisks;

    /** What {@link #create} made, so that a failed spawn removes only that. */
    public record Created(boolean instanceDirectory, List<InstanceDisk> disks) {
    }

    public InstanceImages(ImageBackend disks, DiskTemplates templates, KernelRamdisk bootFiles, ImageService images) {
        this.disks = disks;
        this.templates = templates;
        this.bootFiles = bootFiles;
        this.rootDisks = new RootDiskPreparer(images);
    }

    public Path instanceDirectory(Instance instance) {
        return disks.instanceDirectory(instance);
    }

    /**
     * @param fallbackFromHost nova's fallback_from_host: where templates the image service no longer has are
     *                         copied from (the source of a resize); null otherwise
     */
    public Created create(RequestContext context, Instance instance, DiskMapping mapping,
                          RemoteHost fallbackFromHost) {
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
        bootFiles.ensure(context, dir, instance.kernelId(), instance.ramdiskId(), fallbackFromHost);
        List<InstanceDisk> created = new ArrayList<>();
        Flavor flavor = instance.flavor();
        for (DiskInfo info : mapping.disks()) {
            InstanceDisk disk = disks.disk(instance, info.name());
            if (disk.exists() && !DiskMapping.ROOT.equals(info.name())) {
                continue;
            }
            boolean existed = disk.exists();
            switch (info.name()) {
                case DiskMapping.ROOT -> createRoot(context, instance, flavor, disk, fallbackFromHost);
                case DiskMapping.EPHEMERAL -> templates.ephemeral(flavor.ephemeralGb(), instance.string("os_type"),
                        null, EPHEMERAL_LABEL).applyTo(disk);
                case DiskMapping.SWAP -> templates.swap(flavor.swapMb()).applyTo(disk);
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
        return instanceDirectory(instance).resolve(KernelRamdisk.KERNEL);
    }

    public Path ramdisk(Instance instance) {
        return instanceDirectory(instance).resolve(KernelRamdisk.RAMDISK);
    }

    public InstanceDisk disk(Instance instance, String name) {
        return disks.disk(instance, name);
    }

    /** nova's delete_instance_files: every disk (wherever the backend keeps it), the directory and its _resize. */
    public void removeAll(Instance instance) {
        for (String name : DiskMapping.NAMES) {
            disks.disk(instance, name).remove();
        }
        Path dir = instanceDirectory(instance);
        deleteTree(dir);
        deleteTree(MigrationFiles.resizeDirectory(dir));
    }

    /** Undoes {@link #create} after a failed spawn: only what it made, never an existing directory. */
    public void remove(Instance instance, Created created) {
        created.disks().forEach(InstanceDisk::remove);
        if (created.instanceDirectory()) {
            deleteTree(instanceDirectory(instance));
        }
    }

    private void createRoot(RequestContext context, Instance instance, Flavor flavor, InstanceDisk disk,
                            RemoteHost fallbackFromHost) {
        String imageId = instance.imageRef();
        rootDisks.prepare(context, disk, imageId, templates.root(context, imageId, flavor.rootGb(), fallbackFromHost));
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
