/**
 * Instance disks (nova's {@code virt/libvirt/imagebackend.py}): the seam ({@link
 * org.computeworker.worker.image.backend.ImageBackend}, {@link org.computeworker.worker.image.backend.InstanceDisk})
 * and its file-based backends, Flat (raw copies) and Qcow2 (overlays on the cache), chosen by {@link
 * org.computeworker.worker.image.backend.ImageBackends}; the templates disks are made from ({@link
 * org.computeworker.worker.image.backend.DiskTemplates}, {@link org.computeworker.worker.image.backend.ImageFetch}
 * as nova's fetch_to_raw, {@link org.computeworker.worker.image.backend.KernelRamdisk}); files on other hosts
 * ({@link org.computeworker.worker.image.backend.DiskCopier}); growing file systems on resized disks
 * ({@link org.computeworker.worker.image.backend.FilesystemGrower}). The libvirt driver is their one user; it is
 * wired from nova.conf by {@code virt.libvirt.wiring.LibvirtWiring}.
 *
 * <p>Wiring, given nova.conf's {@code OptionReader r} and an {@code ImageService images}:
 * <pre>{@code
 * LibvirtImageOptions opts = LibvirtImageOptions.read(r);
 * LocalStorage storage = LocalStorage.create(instancesPath, ImageCacheOptions.read(r), opts, qemuImg);
 * ImageBackend backend = ImageBackends.forConfig(opts, storage);
 * DiskTemplates templates = new DiskTemplates(
 *         new ImageFetch(images, qemuImg, storage.safety(), opts.forceRawImages()), storage, opts,
 *         RemoteFilesystemCopier.forOptions(opts));
 * templates.root(ctx, instance.imageRef(), flavor.rootGb(), null).applyTo(backend.disk(instance, "disk"));
 * }</pre>
 */
package org.computeworker.worker.image.backend;

