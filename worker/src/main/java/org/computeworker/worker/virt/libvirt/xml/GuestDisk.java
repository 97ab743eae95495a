package org.computeworker.worker.virt.libvirt.xml;

import org.computeworker.worker.image.backend.DiskSource;

/**
 * One {@code <disk>} of a guest: where it lives and where the guest sees it.
 *
 * @param device disk or cdrom
 * @param cache  qemu's cache mode (none, writeback, ...)
 */
public record GuestDisk(DiskSource source, String dev, String bus, String device, String cache) {
}
