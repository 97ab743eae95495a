package org.computeworker.worker.virt.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;

/**
 * nova's blockinfo.get_disk_mapping for image-backed instances without volumes: the root disk
 * first (boot index 1), then disk.local for ephemeral_gb, disk.swap for swap and disk.config for a
 * config drive, each on the next free device of its bus (vda, vdb, ...; a cdrom on ide hda, ...).
 */
public final class DiskMapping {
    public static final String ROOT = "disk";
    public static final String EPHEMERAL = "disk.local";
    public static final String SWAP = "disk.swap";
    public static final String CONFIG = "disk.config";
    /** Every disk an image-backed instance can have, by file name. */
    public static final List<String> NAMES = List.of(ROOT, EPHEMERAL, SWAP, CONFIG);
    private static final Set<String> DISK_BUSES = Set.of("virtio", "ide", "sata", "scsi", "usb");
    private static final Map<String, String> PREFIX = Map.of("virtio", "vd", "ide", "hd", "sata", "sd", "scsi", "sd",
            "usb", "sd");
    private static final Map<String, Integer> MAX_DEVICES = Map.of("ide", 4, "sata", 6);

    private final List<DiskInfo> disks;

    private DiskMapping(List<DiskInfo> disks) {
        this.disks = List.copyOf(disks);
    }

    public static DiskMapping of(Instance instance, Flavor flavor, ImageMeta image) {
        Map<String, String> properties = image == null ? Map.of() : image.properties();
        String diskBus = bus(properties, "hw_disk_bus", "virtio");
        String cdromBus = bus(properties, "hw_cdrom_bus", cdromDefault(properties));
        List<DiskInfo> disks = new ArrayList<>();
        boolean isoRoot = image != null && "iso".equals(image.diskFormat());
        disks.add(next(disks, ROOT, isoRoot ? cdromBus : diskBus, isoRoot ? "cdrom" : "disk", 1));
        if (flavor.ephemeralGb() > 0) {
            disks.add(next(disks, EPHEMERAL, diskBus, "disk", null));
        }
        if (flavor.swapMb() > 0) {
            disks.add(next(disks, SWAP, diskBus, "disk", null));
        }
        if (configDriveRequired(instance, properties)) {
            disks.add(next(disks, CONFIG, cdromBus, "cdrom", null));
        }
        return new DiskMapping(disks);
    }

    public List<DiskInfo> disks() {
        return disks;
    }

    public DiskInfo root() {
        return disks.get(0);
    }

    public Optional<DiskInfo> get(String name) {
        return disks.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** nova's configdrive.required_by, without [DEFAULT] force_config_drive. */
    static boolean configDriveRequired(Instance instance, Map<String, String> imageProperties) {
        String flag = instance.string("config_drive");
        boolean asked = flag != null && !flag.isEmpty() && !"false".equalsIgnoreCase(flag) && !"0".equals(flag);
        return asked || "mandatory".equals(imageProperties.get("img_config_drive"));
    }

    private static String cdromDefault(Map<String, String> properties) {
        String machine = properties.get("hw_machine_type");
        return machine != null && machine.contains("q35") ? "sata" : "ide";
    }

    private static String bus(Map<String, String> properties, String key, String fallback) {
        String bus = properties.getOrDefault(key, fallback);
        if (!DISK_BUSES.contains(bus)) {
            throw new NovaException(NovaError.UNSUPPORTED_HARDWARE, "Requested hardware '" + bus
                    + "' is not supported by the 'qemu' virt driver", NovaException.kw("model", bus, "virt", "qemu"));
        }
        return bus;
    }

    private static DiskInfo next(List<DiskInfo> taken, String name, String bus, String type, Integer bootIndex) {
        String prefix = PREFIX.get(bus);
        int max = MAX_DEVICES.getOrDefault(bus, 26);
        for (int i = 0; i < max; i++) {
            String dev = prefix + (char) ('a' + i);
            if (taken.stream().noneMatch(d -> d.dev().equals(dev))) {
                return new DiskInfo(name, dev, bus, type, bootIndex);
            }
        }
        throw new NovaException(NovaError.TOO_MANY_DISK_DEVICES, "The maximum allowed number of disk devices (" + max
                + ") to attach to a single instance has been exceeded.", NovaException.kw("maximum", max));
    }
}
