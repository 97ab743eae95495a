package org.computeworker.worker.image.inspect;

import java.util.Locale;
import java.util.Optional;

/**
 * The disk image formats the inspector recognises, named as glance's {@code disk_format} names them and
 * mapped to the qemu block driver that must be passed as {@code -f} to read the content safely.
 */
public enum ImageFormat {
    RAW("raw", "raw", true),
    QCOW2("qcow2", "qcow2", true),
    VMDK("vmdk", "vmdk", true),
    VHD("vhd", "vpc", true),
    VHDX("vhdx", "vhdx", true),
    VDI("vdi", "vdi", true),
    /** qemu has no ISO driver: an ISO is read as raw bytes. */
    ISO("iso", "raw", true),
    /** A whole disk with an MBR or GPT partition table; qemu reads it as raw. */
    GPT("gpt", "raw", true),
    LUKS("luks", "luks", true),
    // Recognised only so they can be refused by name: qemu would probe them, nobody supports them here.
    QCOW("qcow", "qcow", false),
    QED("qed", "qed", false),
    PARALLELS("parallels", "parallels", false),
    BOCHS("bochs", "bochs", false),
    CLOOP("cloop", "cloop", false);

    private final String diskFormat;
    private final String qemuDriver;
    private final boolean supported;

    ImageFormat(String diskFormat, String qemuDriver, boolean supported) {
        this.diskFormat = diskFormat;
        this.qemuDriver = qemuDriver;
        this.supported = supported;
    }

    /** The glance {@code disk_format} name, which is also how nova names the detected format. */
    public String diskFormat() {
        return diskFormat;
    }

    /** The qemu block driver name to pass with {@code qemu-img -f}. */
    public String qemuDriver() {
        return qemuDriver;
    }

    /** False for formats that are recognised only to be refused. */
    public boolean supported() {
        return supported;
    }

    public static Optional<ImageFormat> fromDiskFormat(String diskFormat) {
        if (diskFormat == null) {
            return Optional.empty();
        }
        String wanted = diskFormat.trim().toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (format.diskFormat.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return diskFormat;
    }
}
