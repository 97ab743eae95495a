package org.computeworker.worker.virt.libvirt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.InstanceFaultRollback;
import org.computeworker.worker.config.LibvirtOptions;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.backend.DiskTemplates;
import org.computeworker.worker.image.backend.ImageFetch;
import org.computeworker.worker.image.backend.KernelRamdisk;
import org.computeworker.worker.image.backend.LocalStorage;
import org.computeworker.worker.config.RemoteHost;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.HostResources;
import org.computeworker.worker.virt.InstanceInfo;
import org.computeworker.worker.virt.SpawnRequest;
import org.computeworker.worker.virt.libvirt.migration.InstanceDiskInfo;
import org.computeworker.worker.virt.libvirt.migration.MigrationFiles;
import org.computeworker.worker.virt.libvirt.migration.ResizeDisks;
import org.computeworker.worker.virt.libvirt.migration.SharedStorageProbe;
import org.computeworker.worker.virt.libvirt.xml.DomainXmlReader;
import org.computeworker.worker.virt.libvirt.xml.GuestXml;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code compute_driver = libvirt.LibvirtDriver}: nova's virt/libvirt/driver.py operations,
 * orchestrating the connection ({@link LibvirtHost}), the guest ({@link GuestLifecycle}), its
 * disks ({@link InstanceImages}) and resize files ({@link MigrationFiles}, {@link ResizeDisks}).
 */
public final class LibvirtDriver implements ComputeDriver {
    /** nova's [libvirt] wait_soft_reboot_seconds default. */
    private static final java.time.Duration SOFT_REBOOT_WAIT = java.time.Duration.ofSeconds(120);
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtDriver.class);
    private static final long GIB = 1L << 30;

    private final LibvirtOptions options;
    private final LibvirtHost libvirt;
    private final GuestLifecycle guests;
    private final InstanceImages images;
    private final GuestConfigFactory configs;
    private final HostChecks checks;
    private final SharedStorageProbe sharedStorage;
    private final MigrationFiles migrationFiles;
    private final ResizeDisks resizeDisks;
    private final HostResourcesReader resources;
    private final QemuImg qemuImg;
    private String host;

    public LibvirtDriver(LibvirtParts parts) {
        this.options = parts.options();
        LocalStorage storage = parts.storage();
        this.qemuImg = storage.qemuImg();
        this.libvirt = new LibvirtHost(options.effectiveUri(), parts.events());
        this.guests = new GuestLifecycle(libvirt);
        ImageFetch fetch = new ImageFetch(parts.images(), qemuImg, storage.safety(), storage.forceRawImages());
        this.images = new InstanceImages(parts.disks(),
                new DiskTemplates(fetch, storage, options.images(), parts.copier()),
                new KernelRamdisk(fetch, storage.cache(), parts.copier()), parts.images());
        this.configs = new GuestConfigFactory(options.virtType(), DiskCacheMode.forInstancesPath(storage.instancesPath()));
        this.checks = new HostChecks(libvirt, options);
        this.sharedStorage = new SharedStorageProbe(parts.copier(), parts.myIp());
        this.migrationFiles = new MigrationFiles(parts.copier(), qemuImg);
        this.resizeDisks = new ResizeDisks(qemuImg);
        this.resources = new HostResourcesReader(libvirt, parts.disks(), Path.of("/proc/meminfo"));
    }

    @Override
    public void initHost(String host) {
        this.host = host;
        checks.verify();
    }

    @Override
    public Map<String, Boolean> capabilities() {
        return checks.capabilities();
    }

    @Override
    public List<String> availableNodes() {
        return List.of(checks.hostname());
    }

    @Override
    public HostResources availableResource(String nodename) {
        try {
            return resources.read();
        } catch (LibvirtException e) {
            throw GuestLifecycle.internalError("Error from libvirt while reading host resources", e);
        }
    }

    @Override
    public InstanceInfo info(Instance instance) {
        return guests.info(instance.uuid());
    }

    @Override
    public void spawn(SpawnRequest request) {
        Instance instance = request.instance();
        DiskMapping mapping = DiskMapping.of(instance, instance.flavor(), request.image());
        InstanceImages.Created created = images.create(request.context(), instance, mapping, null);
        try {
            guests.defineAndStart(instance.uuid(), guestXml(instance, request.image(), mapping), request.powerOn());
            if (request.powerOn()) {
                guests.waitForRunning(instance.uuid(), options.runningTimeout());
            }
            LOG.info("Instance {} spawned successfully.", instance.uuid());
        } catch (RuntimeException e) {
            LOG.error("Failed to start libvirt guest {}: {}", instance.uuid(), e.getMessage());
            cleanupFailedSpawn(instance, created);
            throw e;
        }
    }

    @Override
    public void destroy(RequestContext context, Instance instance, ArrayNode networkInfo, boolean destroyDisks) {
        guests.destroy(instance.uuid());
        if (destroyDisks) {
            images.removeAll(instance);
        }
        guests.undefine(instance.uuid());
    }

    @Override
    public boolean hasSharedBlockStorage(Instance instance) {
        return images.disk(instance, DiskMapping.ROOT).isSharedBlockStorage();
    }

    @Override
    public void powerOff(Instance instance, Duration timeout, Duration retryInterval) {
        if (!timeout.isZero()) {
            guests.cleanShutdown(instance.uuid(), timeout, retryInterval);
        }
        guests.destroy(instance.uuid());
    }

    /** nova's _hard_reboot: a fresh definition and any missing backing file, then a start. */
    @Override
    public void powerOn(RequestContext context, Instance instance, ArrayNode networkInfo) {
        guests.destroy(instance.uuid());
        guests.undefine(instance.uuid());
        ImageMeta image = InstanceImageMeta.of(instance);
        DiskMapping mapping = DiskMapping.of(instance, instance.flavor(), image);
        images.create(context, instance, mapping, null);
        guests.defineAndStart(instance.uuid(), guestXml(instance, image, mapping), true);
        guests.waitForRunning(instance.uuid(), options.runningTimeout());
        LOG.info("Instance {} rebooted successfully.", instance.uuid());
    }

    /**
     * nova's reboot: SOFT is _soft_reboot (a clean shutdown within [libvirt] wait_soft_reboot_seconds, then the
     * same definition started again), falling back to _hard_reboot ({@link #powerOn}) as nova does.
     */
    @Override
    public void reboot(RequestContext context, Instance instance, ArrayNode networkInfo, String rebootType) {
        if ("SOFT".equals(rebootType)) {
            try {
                if (guests.cleanShutdown(instance.uuid(), SOFT_REBOOT_WAIT, SOFT_REBOOT_WAIT)) {
                    LOG.info("Instance {} shutdown successfully.", instance.uuid());
                    guests.defineAndStart(instance.uuid(), guests.xml(instance.uuid()), true);
                    guests.waitForRunning(instance.uuid(), options.runningTimeout());
                    LOG.info("Instance {} soft rebooted successfully.", instance.uuid());
                    return;
                }
            } catch (RuntimeException e) {
                LOG.info("Soft reboot of instance {} failed: {}", instance.uuid(), e.getMessage());
            }
            LOG.warn("Failed to soft reboot instance {}. Trying hard reboot.", instance.uuid());
        }
        powerOn(context, instance, networkInfo);
    }

    @Override
    public String migrateDiskAndPowerOff(RequestContext context, Instance instance, String destHost, Flavor flavor,
                                         ArrayNode networkInfo, Duration timeout, Duration retryInterval) {
        Flavor current = instance.flavor();
        if (flavor.rootGb() < current.rootGb() || flavor.ephemeralGb() < current.ephemeralGb()) {
            throw new InstanceFaultRollback(NovaErrors.resizeError("Unable to resize disk down."));
        }
        Path dir = images.instanceDirectory(instance);
        boolean shared = sharedStorage.isShared(destHost, dir);
        LOG.info("Resizing {} to {}: instance directory {} is {}", instance.uuid(), destHost, dir,
                shared ? "shared with it" : "not shared: disks are copied");
        migrationFiles.prepareDestination(destHost, dir, shared);
        powerOff(instance, timeout, retryInterval);
        List<InstanceDiskInfo> disks = DomainXmlReader.fileDisks(guests.xml(instance.uuid())).stream()
                .map(d -> InstanceDiskInfo.of(d, qemuImg)).toList();
        migrationFiles.moveDisks(destHost, dir, shared, disks);
        return InstanceDiskInfo.toJson(disks);
    }

    @Override
    public void finishMigration(RequestContext context, Migration migration, Instance instance, String diskInfo,
                                ArrayNode networkInfo, ImageMeta image, boolean resizeInstance, boolean powerOn) {
        DiskMapping mapping = DiskMapping.of(instance, instance.flavor(), image);
        resizeDisks.adoptArrived(InstanceDiskInfo.parse(diskInfo), images.instanceDirectory(instance),
                options.images().useCowImages());
        if (resizeInstance) {
            Flavor flavor = instance.flavor();
            resizeDisks.grow(images.disk(instance, DiskMapping.ROOT), flavor.rootGb() * GIB);
            if (mapping.get(DiskMapping.EPHEMERAL).isPresent()) {
                resizeDisks.grow(images.disk(instance, DiskMapping.EPHEMERAL), flavor.ephemeralGb() * GIB);
            }
        }
        // swap, kernel, ramdisk: whatever did not travel, from the source when the image service lost it
        images.create(context, instance, mapping, sourceHost(migration));
        guests.defineAndStart(instance.uuid(), guestXml(instance, image, mapping), powerOn);
        if (powerOn) {
            guests.waitForRunning(instance.uuid(), options.runningTimeout());
        }
        LOG.debug("finish_migration finished successfully for {}", instance.uuid());
    }

    @Override
    public void confirmMigration(RequestContext context, Migration migration, Instance instance,
                                 ArrayNode networkInfo) {
        migrationFiles.removeResizeDirectory(images.instanceDirectory(instance));
        if (!Objects.equals(instance.host(), host)) {
            guests.undefine(instance.uuid()); // the stopped guest this host kept for a revert
        }
    }

    @Override
    public void finishRevertMigration(RequestContext context, Instance instance, ArrayNode networkInfo,
                                      Migration migration, boolean powerOn) {
        migrationFiles.restoreResizeDirectory(images.instanceDirectory(instance));
        ImageMeta image = InstanceImageMeta.of(instance);
        DiskMapping mapping = DiskMapping.of(instance, instance.flavor(), image);
        guests.defineAndStart(instance.uuid(), guestXml(instance, image, mapping), powerOn);
        if (powerOn) {
            guests.waitForRunning(instance.uuid(), options.runningTimeout());
        }
    }

    /** nova's get_host_uptime: {@code env LANG=C uptime}. */
    @Override
    public String hostUptime() {
        try {
            Process p = new ProcessBuilder("env", "LANG=C", "uptime").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new org.computeworker.worker.errors.NovaException("uptime failed: " + out.strip());
            }
            return out;
        } catch (java.io.IOException e) {
            throw new org.computeworker.worker.errors.NovaException("uptime could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.computeworker.worker.errors.NovaException("interrupted while running uptime");
        }
    }

    @Override
    public void close() {
        libvirt.close();
    }

    /** The guests of this driver's connection, for tests that look at the domain XML. */
    GuestLifecycle guests() {
        return guests;
    }

    private String guestXml(Instance instance, ImageMeta image, DiskMapping mapping) {
        return GuestXml.render(configs.build(instance, image, mapping, images.sources(instance, mapping),
                images.instanceDirectory(instance), images.kernel(instance), images.ramdisk(instance)));
    }

    private void cleanupFailedSpawn(Instance instance, InstanceImages.Created created) {
        try {
            guests.destroy(instance.uuid());
            guests.undefine(instance.uuid());
            images.remove(instance, created);
        } catch (RuntimeException e) {
            LOG.warn("cleanup after the failed spawn of {} failed too: {}", instance.uuid(), e.toString());
        }
    }

    private static RemoteHost sourceHost(Migration migration) {
        return migration == null || migration.sourceCompute() == null ? null
                : new RemoteHost(migration.sourceCompute());
    }
}
