package org.computeworker.worker.virt.libvirt;

import java.nio.file.Path;
import org.computeworker.worker.config.LibvirtOptions;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.service.ImageService;
import org.computeworker.worker.virt.libvirt.migration.DiskCopier;

/**
 * What the libvirt driver is built from.
 *
 * @param disks         the [libvirt] images_type backend for instance disks
 * @param files         a raw file backend for kernels and ramdisks (nova hard-codes raw for them)
 * @param copier        remote file operations towards other compute hosts (resize)
 * @param myIp          [DEFAULT] my_ip: a resize to this address is a resize on shared storage
 * @param instancesPath [DEFAULT] instances_path, probed for O_DIRECT to choose the disk cache mode
 * @param events        receives guest lifecycle events
 */
public record LibvirtParts(
        LibvirtOptions options,
        ImageBackend disks,
        ImageBackend files,
        ImageService images,
        QemuImg qemuImg,
        HostCommands commands,
        DiskCopier copier,
        String myIp,
        Path instancesPath,
        LifecycleEventListener events) {
}
