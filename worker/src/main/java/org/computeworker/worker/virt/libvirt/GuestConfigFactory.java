package org.computeworker.worker.virt.libvirt;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.WorkerVersion;
import org.computeworker.worker.image.backend.DiskSource;
import org.computeworker.worker.virt.libvirt.xml.GuestConfig;
import org.computeworker.worker.virt.libvirt.xml.GuestDisk;
import org.computeworker.worker.virt.libvirt.xml.GuestMetadata;

/**
 * nova's _get_guest_config for a qemu/kvm guest: name, size, direct kernel boot or boot order,
 * the mapped disks, the serial console logged to console.log, nova's metadata.
 */
public final class GuestConfigFactory {
    /** nova's CONSOLE: every console a Linux guest might use. */
    static final String CONSOLE = "console=tty0 console=ttyS0 console=hvc0";
    private static final DateTimeFormatter CREATION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String virtType;
    private final String cacheMode;

    public GuestConfigFactory(String virtType, String cacheMode) {
        this.virtType = virtType;
        this.cacheMode = cacheMode;
    }

    /** nova's default instance_name_template, instance-%08x of the database id. */
    public static String domainName(Instance instance) {
        Integer id = instance.id();
        if (id == null) {
            throw new IllegalArgumentException("instance " + instance.uuid() + " has no id to name its domain");
        }
        return String.format("instance-%08x", id);
    }

    public GuestConfig build(Instance instance, ImageMeta image, DiskMapping mapping, Map<String, DiskSource> sources,
                             Path instanceDir, Path kernel, Path ramdisk) {
        Flavor flavor = instance.flavor();
        List<GuestDisk> disks = new ArrayList<>();
        for (DiskInfo info : mapping.disks()) {
            disks.add(new GuestDisk(sources.get(info.name()), info.dev(), info.bus(), info.type(), cacheMode));
        }
        boolean kernelBoot = instance.kernelId() != null && !instance.kernelId().isEmpty();
        String cmdline = null;
        if (kernelBoot) {
            cmdline = "root=/dev/" + mapping.root().dev() + " " + CONSOLE + ("qemu".equals(virtType)
                    ? " no_timer_check" : "");
            Map<String, String> properties = image == null ? Map.of() : image.properties();
            if (properties.get("os_command_line") != null) {
                cmdline = properties.get("os_command_line");
            }
        }
        boolean ramdiskBoot = kernelBoot && instance.ramdiskId() != null && !instance.ramdiskId().isEmpty();
        List<String> boot = kernelBoot ? List.of() : List.of("cdrom".equals(mapping.root().type()) ? "cdrom" : "hd");
        return new GuestConfig(virtType, domainName(instance), instance.uuid(), flavor.memoryMb() * 1024L,
                flavor.vcpus(), kernelBoot ? kernel : null, ramdiskBoot ? ramdisk : null, cmdline, boot, disks,
                instanceDir.resolve("console.log"), metadata(instance, flavor));
    }

    private static GuestMetadata metadata(Instance instance, Flavor flavor) {
        Map<String, String> sys = instance.systemMetadata();
        String imageRef = instance.imageRef();
        return new GuestMetadata(WorkerVersion.get(), instance.displayName(),
                ZonedDateTime.now(ZoneOffset.UTC).format(CREATION_TIME), flavor.name(), flavor.memoryMb(),
                flavor.rootGb(), flavor.swapMb(), flavor.ephemeralGb(), flavor.vcpus(), instance.userId(),
                sys.getOrDefault("owner_user_name", "N/A"), instance.projectId(),
                sys.getOrDefault("owner_project_name", "N/A"), imageRef == null || imageRef.isEmpty() ? null : imageRef);
    }
}
