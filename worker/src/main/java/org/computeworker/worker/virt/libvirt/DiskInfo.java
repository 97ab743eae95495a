package org.computeworker.worker.virt.libvirt;

/**
 * Where one of an instance's disks appears in the guest (an entry of nova's blockinfo mapping).
 *
 * @param name      the disk's file name: disk, disk.local, disk.swap or disk.config
 * @param dev       the guest device, e.g. vda
 * @param bus       virtio, ide, sata, scsi or usb
 * @param type      disk or cdrom
 * @param bootIndex 1 for the root disk, null otherwise
 */
public record DiskInfo(String name, String dev, String bus, String type, Integer bootIndex) {
}
