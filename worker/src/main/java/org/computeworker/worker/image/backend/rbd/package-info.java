/**
 * The RBD image backend ({@code [libvirt] images_type = rbd}, nova's {@code imagebackend.Rbd} and
 * {@code storage/rbd_utils.py}) on rados-java: instance disks are RBD images {@code <pool>/<uuid>_<disk>}, root
 * disks cloned from Glance's protected snapshot when the image is raw and in this cluster, otherwise downloaded
 * into the local image cache once per host and imported.
 *
 * <p>The libvirt driver wires it ({@code LibvirtWiring}, {@code InstanceImages}); by hand, given nova.conf's
 * {@code OptionReader r}, the local storage and templates of the file backends (see
 * {@link org.computeworker.worker.image.backend}), an {@code ImageService images} and a {@code MeterRegistry}:
 * <pre>{@code
 * ImageBackend backend = ImageBackends.forConfig(opts, storage,
 *         RbdBackend.provider(RbdOptions.read(r), storage, registry));
 * // spawn, root disk (images_type = rbd): clone, else download + import; then grow to the flavor
 * new RootDiskPreparer(images).prepare(ctx, backend.disk(instance, "disk"), imageId,
 *         templates.root(ctx, imageId, flavor.rootGb(), null));
 * // ephemeral and swap disks: templates.ephemeral(...).applyTo(backend.disk(instance, "disk.local")), as for files
 * }</pre>
 */
package org.computeworker.worker.image.backend.rbd;
