/**
 * {@code compute_driver = libvirt.LibvirtDriver}: nova's virt/libvirt driver on libvirt-java.
 *
 * <p>{@link org.computeworker.worker.virt.libvirt.LibvirtDriver} orchestrates; the connection and
 * its events live in {@link org.computeworker.worker.virt.libvirt.LibvirtHost}, guests (by
 * instance uuid) in {@link org.computeworker.worker.virt.libvirt.GuestLifecycle}, disks in
 * {@link org.computeworker.worker.virt.libvirt.InstanceImages} over the image backend seam, the
 * domain XML in the {@code xml} package and resize file handling in the {@code migration} package.
 * The {@code wiring} package builds it from nova.conf ({@code Drivers} calls it), syncs power states from
 * lifecycle events and schedules the image cache manager; docs/libvirt-and-images.md lists the options.
 * Software emulation ({@code <domain type='qemu'>}) is the default virt_type here.
 */
package org.computeworker.worker.virt.libvirt;
