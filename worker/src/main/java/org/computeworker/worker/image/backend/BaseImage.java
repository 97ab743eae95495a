package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.inspect.Detection;
import org.computeworker.worker.image.inspect.ImageFormatDetector;
import org.computeworker.worker.image.inspect.ImageInspection;
import org.computeworker.worker.image.inspect.ImageSafetyCheck;

/**
 * A cache template about to back or seed an instance disk, re-checked from its own bytes every time as nova does
 * (safety checks may have grown since it was downloaded), with the qemu format to open it as and its virtual size.
 */
record BaseImage(Path path, String format, long virtualSize) {

    /**
     * @param expectedFormat the format the template must be (raw when force_raw_images made it so), or null to take
     *                       the format its header shows, which the download-time check already matched to glance's
     * @throws org.computeworker.worker.errors.NovaException InvalidDiskInfo "Base image failed safety check"
     */
    static BaseImage inspect(Path base, String expectedFormat, ImageSafetyCheck safety, ImageFormatDetector detector) {
        String format = expectedFormat != null ? expectedFormat : detectedFormat(base, detector);
        ImageInspection inspection = safety.verifyBackingFile(base, format);
        try {
            // qemu reads raw-driven content (raw, iso, partitioned disks) byte for byte: the file is the disk
            long size = "raw".equals(format) ? Files.size(base) : inspection.virtualSize();
            return new BaseImage(base, format, size);
        } catch (IOException e) {
            throw NovaErrors.invalidDiskInfo("cannot read " + base + ": " + e, e);
        }
    }

    /**
     * nova's {@code verify_base_size}: a disk cannot be smaller than its template, since images cannot in general
     * be shrunk. A size of 0 (a flavor with root_gb=0, or a rescue disk) takes the template's size and always fits.
     */
    void verifyFits(long sizeBytes) {
        if (sizeBytes > 0 && sizeBytes < virtualSize) {
            throw NovaErrors.flavorDiskSmallerThanImage(sizeBytes, virtualSize);
        }
    }

    private static String detectedFormat(Path base, ImageFormatDetector detector) {
        Detection detection;
        try {
            detection = detector.detect(base);
        } catch (IOException e) {
            throw NovaErrors.invalidDiskInfo("Base image failed safety check: cannot read " + base + ": " + e, e);
        }
        if (detection.ambiguous()) {
            throw NovaErrors.invalidDiskInfo("Base image failed safety check: content matches several formats ("
                    + detection.formatNames() + ")");
        }
        return detection.single().format().qemuDriver();
    }
}
