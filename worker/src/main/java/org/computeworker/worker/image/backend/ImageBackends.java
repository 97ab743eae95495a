package org.computeworker.worker.image.backend;

import java.util.function.Supplier;
import org.computeworker.worker.config.LibvirtImageOptions;

/** nova's {@code imagebackend.Backend}: picks the disk backend {@code [libvirt] images_type} names. */
public final class ImageBackends {
    private ImageBackends() {
    }

    /** The file backends only (tests, tools): rbd needs the Ceph client, which the overload's provider makes. */
    public static ImageBackend forConfig(LibvirtImageOptions options, LocalStorage storage) {
        return forConfig(options, storage, () -> {
            throw new UnsupportedOperationException("[libvirt] images_type = rbd needs an RbdBackend provider");
        });
    }

    /**
     * @param rbd makes the RBD backend when images_type is rbd; called at most once
     * @throws UnsupportedOperationException for lvm and ploop, which this worker does not implement
     */
    public static ImageBackend forConfig(LibvirtImageOptions options, LocalStorage storage,
                                         Supplier<ImageBackend> rbd) {
        String type = options.effectiveImagesType();
        return switch (type) {
            case "raw" -> new LocalImageBackend(options.imagesType(), LocalImageBackend.Layout.FLAT, storage);
            case "qcow2" -> new LocalImageBackend(options.imagesType(), LocalImageBackend.Layout.QCOW2, storage);
            case "rbd" -> rbd.get();
            default -> throw new UnsupportedOperationException("[libvirt] images_type = " + options.imagesType()
                    + " is not supported by this worker (raw, flat, qcow2, default and rbd are)");
        };
    }

    /**
     * nova's {@code raw()} disks: kernel, ramdisk and config drive files are always flat copies in the instance
     * directory whatever images_type says.
     */
    public static ImageBackend raw(LocalStorage storage) {
        return new LocalImageBackend("raw", LocalImageBackend.Layout.FLAT, storage);
    }
}
