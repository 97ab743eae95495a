package org.computeworker.worker.virt.libvirt.xml;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a guest's domain XML says, decided by the driver and rendered by {@link GuestXml}
 * (nova's LibvirtConfigGuest).
 *
 * @param virtType    the {@code <domain type>}: qemu or kvm
 * @param kernel      direct kernel boot: the kernel file, or null to boot from {@code bootDevices}
 * @param initrd      the initrd for direct kernel boot, or null
 * @param consoleLog  where the serial console's output is logged
 * @param metadata    nova's instance metadata, or null to leave it out
 */
public record GuestConfig(
        String virtType,
        String name,
        String uuid,
        long memoryKib,
        int vcpus,
        Path kernel,
        Path initrd,
        String cmdline,
        List<String> bootDevices,
        List<GuestDisk> disks,
        Path consoleLog,
        GuestMetadata metadata) {

    public GuestConfig {
        bootDevices = List.copyOf(bootDevices);
        disks = List.copyOf(disks);
    }
}
