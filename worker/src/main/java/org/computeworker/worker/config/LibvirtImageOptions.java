package org.computeworker.worker.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The options that shape local instance disks, with nova's names and defaults: {@code [libvirt] images_type} and
 * {@code remote_filesystem_transport}; {@code [DEFAULT] use_cow_images, force_raw_images, preallocate_images,
 * default_ephemeral_format}.
 *
 * @param imagesType             raw, flat, qcow2, lvm, rbd, ploop or default
 * @param preallocateImages      none or space
 * @param defaultEphemeralFormat the filesystem for ephemeral disks, or null for nova's per-os_type default
 * @param remoteFilesystemTransport ssh (scp) or rsync, for copying disks from other hosts
 */
public record LibvirtImageOptions(String imagesType, boolean useCowImages, boolean forceRawImages,
                                  String preallocateImages, String defaultEphemeralFormat,
                                  String remoteFilesystemTransport) {
    public static final String[] IMAGES_TYPES = {"raw", "flat", "qcow2", "lvm", "rbd", "ploop", "default"};

    public LibvirtImageOptions {
        if (!List.of(IMAGES_TYPES).contains(imagesType)) {
            throw new IllegalArgumentException("[libvirt] images_type must be one of "
                    + String.join(", ", IMAGES_TYPES) + ", got " + imagesType);
        }
        if (!"none".equals(preallocateImages) && !"space".equals(preallocateImages)) {
            throw new IllegalArgumentException("preallocate_images must be none or space, got " + preallocateImages);
        }
        if (!"ssh".equals(remoteFilesystemTransport) && !"rsync".equals(remoteFilesystemTransport)) {
            throw new IllegalArgumentException("[libvirt] remote_filesystem_transport must be ssh or rsync, got "
                    + remoteFilesystemTransport);
        }
    }

    public static LibvirtImageOptions defaults() {
        return new LibvirtImageOptions("default", true, true, "none", null, "ssh");
    }

    public static LibvirtImageOptions read(OptionReader r) {
        // nova compares the option's slug, so "Space" means space too
        String preallocate = r.string("DEFAULT", "preallocate_images", "none").toLowerCase(Locale.ROOT);
        if (!preallocate.equals("none") && !preallocate.equals("space")) {
            throw r.invalid("DEFAULT", "preallocate_images", preallocate, "none or space");
        }
        return new LibvirtImageOptions(
                r.choice("libvirt", "images_type", "default", IMAGES_TYPES),
                r.bool("DEFAULT", "use_cow_images", true),
                r.bool("DEFAULT", "force_raw_images", true),
                preallocate,
                r.optional("DEFAULT", "default_ephemeral_format").orElse(null),
                r.choice("libvirt", "remote_filesystem_transport", "ssh", "ssh", "rsync"));
    }

    public LibvirtImageOptions withImagesType(String type) {
        return new LibvirtImageOptions(type, useCowImages, forceRawImages, preallocateImages, defaultEphemeralFormat,
                remoteFilesystemTransport);
    }

    public LibvirtImageOptions withForceRawImages(boolean force) {
        return new LibvirtImageOptions(imagesType, useCowImages, force, preallocateImages, defaultEphemeralFormat,
                remoteFilesystemTransport);
    }

    /** The backend images_type stands for: default picks qcow2 or raw by use_cow_images; flat is raw. */
    public String effectiveImagesType() {
        return switch (imagesType) {
            case "default" -> useCowImages ? "qcow2" : "raw";
            case "flat" -> "raw";
            default -> imagesType;
        };
    }

    public boolean preallocateSpace() {
        return "space".equals(preallocateImages);
    }

    /**
     * The filesystem nova formats an ephemeral disk with ({@code configurable_mkfs}): the one the block device
     * mapping asks for, else default_ephemeral_format, else ext4 for linux, ntfs for windows, vfat otherwise.
     */
    public String ephemeralFilesystem(String osType, String specifiedFs) {
        return Optional.ofNullable(blankToNull(specifiedFs)).or(() -> Optional.ofNullable(defaultEphemeralFormat))
                .orElseGet(() -> switch (osType == null ? "" : osType) {
                    case "linux" -> "ext4";
                    case "windows" -> "ntfs";
                    default -> "vfat";
                });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
