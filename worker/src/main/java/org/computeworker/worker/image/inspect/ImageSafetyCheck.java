package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.errors.NovaException;

/**
 * Decides, from an image's own bytes and before qemu-img or a guest ever sees it, whether the image may be used:
 * nova's deep image inspection (nova/virt/images.py, do_image_deep_inspection) plus the vmdk createType and flavor
 * size rules nova applies afterwards.
 */
public final class ImageSafetyCheck {
    /** nova's default for {@code [compute] vmdk_allowed_types}: single-file variants with a sparse header. */
    public static final Set<String> DEFAULT_VMDK_ALLOWED_TYPES = Set.of("monolithicSparse", "streamOptimized");
    /** Passing this as the size bound skips the flavor check, as nova does for a flavor with root_gb=0. */
    public static final long NO_SIZE_LIMIT = 0;
    /** AMI-family images are checked for safety but not held to their disk_format: qemu reads them as raw. */
    private static final Set<String> AMI_FORMATS = Set.of("ami", "aki", "ari");
    private static final Set<ImageFormat> RAW_READ = Set.of(ImageFormat.RAW, ImageFormat.GPT, ImageFormat.ISO);

    private final ImageFormatDetector detector;
    private final Set<String> vmdkAllowedTypes;

    public ImageSafetyCheck() {
        this(ImageFormatDetector.standard(), DEFAULT_VMDK_ALLOWED_TYPES);
    }

    /** @param vmdkAllowedTypes createType values accepted for vmdk; empty refuses every vmdk, as nova does */
    public ImageSafetyCheck(ImageFormatDetector detector, Set<String> vmdkAllowedTypes) {
        this.detector = detector;
        this.vmdkAllowedTypes = Set.copyOf(vmdkAllowedTypes);
    }

    /**
     * Verifies a downloaded image against the disk_format glance declared for it.
     *
     * @param maxVirtualSizeBytes the flavor's root disk in bytes, or {@link #NO_SIZE_LIMIT}
     * @throws NovaException ImageUnacceptable naming the problem, or FlavorDiskSmallerThanImage
     */
    public VerifiedImage verify(Path file, String imageId, String declaredDiskFormat, long maxVirtualSizeBytes) {
        if (maxVirtualSizeBytes < 0) {
            throw new IllegalArgumentException("maxVirtualSizeBytes must be >= 0, got " + maxVirtualSizeBytes);
        }
        String declared = declaredDiskFormat == null ? "" : declaredDiskFormat.trim().toLowerCase(Locale.ROOT);
        boolean ami = AMI_FORMATS.contains(declared);
        ImageFormat expected = ImageFormat.fromDiskFormat(declared).orElse(null);
        if (!ami && (expected == null || !expected.supported())) {
            throw NovaErrors.imageUnacceptable(imageId, "Image not in a supported format: disk_format '"
                    + declaredDiskFormat + "' cannot be inspected safely");
        }
        Detection detection = detect(file, imageId);
        ImageInspection inspection = chooseMatch(detection, expected, imageId);
        List<String> problems = problems(inspection);
        if (!problems.isEmpty()) {
            throw NovaErrors.imageUnacceptable(imageId, "Image does not pass safety check: "
                    + String.join("; ", problems));
        }
        boolean agrees = ami ? RAW_READ.contains(inspection.format())
                : inspection.format() == expected
                // A whole-disk image with a partition table registered as raw is nova's legacy allowance.
                || (expected == ImageFormat.RAW && inspection.format() == ImageFormat.GPT);
        if (!agrees) {
            throw NovaErrors.imageUnacceptable(imageId, "Image content does not match disk_format: content is "
                    + inspection.format() + ", disk_format is " + declared);
        }
        if (maxVirtualSizeBytes != NO_SIZE_LIMIT && inspection.virtualSize() > maxVirtualSizeBytes) {
            throw NovaErrors.flavorDiskSmallerThanImage(maxVirtualSizeBytes, inspection.virtualSize());
        }
        String qemuFormat = ami ? ImageFormat.RAW.qemuDriver() : inspection.format().qemuDriver();
        return new VerifiedImage(inspection.format(), qemuFormat, inspection.virtualSize(), inspection);
    }

    /**
     * Re-checks an image that is about to become a backing file, as nova does before every overlay it creates:
     * the bytes must still be safe and still be {@code qemuFormat}.
     *
     * @throws NovaException InvalidDiskInfo "Base image failed safety check: ..."
     */
    public ImageInspection verifyBackingFile(Path base, String qemuFormat) {
        Detection detection;
        try {
            detection = detector.detect(base);
        } catch (IOException e) {
            throw NovaErrors.invalidDiskInfo("Base image failed safety check: cannot read " + base + ": " + e, e);
        }
        List<String> problems = new ArrayList<>();
        if (detection.ambiguous()) {
            problems.add("content matches several formats (" + detection.formatNames() + ")");
        } else {
            ImageInspection inspection = detection.single();
            problems.addAll(problems(inspection));
            if (!inspection.format().qemuDriver().equals(qemuFormat)) {
                problems.add("content is " + inspection.format() + ", expected " + qemuFormat);
            }
        }
        if (!problems.isEmpty()) {
            throw NovaErrors.invalidDiskInfo("Base image failed safety check: " + String.join("; ", problems));
        }
        return detection.single();
    }

    private Detection detect(Path file, String imageId) {
        try {
            return detector.detect(file);
        } catch (IOException e) {
            throw NovaErrors.imageUnacceptable(imageId, "Image could not be read for inspection: " + e, e);
        }
    }

    /**
     * Several matches mean one header may be hiding another, which is refused. The one legitimate case is a
     * bootable ("hybrid") ISO that also carries a partition table, accepted only when declared as an ISO.
     */
    private static ImageInspection chooseMatch(Detection detection, ImageFormat expected, String imageId) {
        if (!detection.ambiguous()) {
            return detection.single();
        }
        Set<ImageFormat> formats = detection.matches().stream().map(ImageInspection::format)
                .collect(Collectors.toSet());
        if (expected == ImageFormat.ISO && formats.equals(Set.of(ImageFormat.ISO, ImageFormat.GPT))) {
            return detection.matches().stream().filter(m -> m.format() == ImageFormat.ISO).findFirst().orElseThrow();
        }
        throw NovaErrors.imageUnacceptable(imageId, "Image content matches several formats ("
                + detection.formatNames() + "); refusing an image whose headers disagree");
    }

    private List<String> problems(ImageInspection inspection) {
        List<String> problems = new ArrayList<>(inspection.violations());
        if (!inspection.format().supported() && problems.isEmpty()) {
            problems.add(inspection.format() + " images are not supported");
        }
        if (inspection.format() == ImageFormat.VMDK) {
            String createType = inspection.fact(ImageInspection.CREATE_TYPE).orElse(null);
            if (vmdkAllowedTypes.isEmpty()) {
                problems.add("VMDK images are not allowed on this host (no createType is allowed)");
            } else if (createType != null && !vmdkAllowedTypes.contains(createType)) {
                problems.add("VMDK createType '" + createType + "' is not allowed (allowed: "
                        + vmdkAllowedTypes.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        return problems;
    }
}
