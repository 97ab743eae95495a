package org.computeworker.worker.virt.libvirt;

import org.computeworker.worker.config.LibvirtOptions;
import org.computeworker.worker.image.backend.DiskCopier;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.backend.LocalStorage;
import org.computeworker.worker.image.service.ImageService;

/**
 * What the libvirt driver is built from.
 *
 * @param storage  instances_path, the image cache and qemu-img, shared by every backend
 * @param disks    the [libvirt] images_type backend for instance disks
 * @param images   where images are downloaded from (Glance, or a local directory)
 * @param copier   remote file operations towards other compute hosts (resize, templates of deleted images)
 * @param myIp     [DEFAULT] my_ip: a resize to this address is a resize on shared storage
 * @param events   receives guest lifecycle events
 */
public record LibvirtParts(
        LibvirtOptions options,
        LocalStorage storage,
        ImageBackend disks,
        ImageService images,
        DiskCopier copier,
        String myIp,
        LifecycleEventListener events) {
}
