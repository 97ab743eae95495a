package org.computeworker.worker.image.inspect;

/**
 * An image that passed {@link ImageSafetyCheck}: what it really is and how qemu-img must be told to read it.
 *
 * @param format      the detected format (iso and gpt included, though qemu reads both as raw)
 * @param qemuFormat  the driver to pass as {@code qemu-img -f}; never left to qemu's probing
 * @param virtualSize the disk size the guest will see, in bytes
 * @param inspection  the full header facts
 */
public record VerifiedImage(ImageFormat format, String qemuFormat, long virtualSize, ImageInspection inspection) {
}
