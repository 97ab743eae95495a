package org.computeworker.worker.virt.libvirt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.backend.TemplateFetcher;
import org.computeworker.worker.image.inspect.ImageSafetyCheck;
import org.computeworker.worker.image.inspect.VerifiedImage;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.service.ImageRecord;
import org.computeworker.worker.image.service.ImageService;

/**
 * The templates instance disks are made from (nova's fetch functions): a Glance image fetched to
 * raw, a kernel or ramdisk, a formatted ephemeral disk and a swap disk.
 */
public final class ImageTemplates {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    /** nova's _DEFAULT_FS_BY_OSTYPE, and vfat for every other os_type. */
    private static final Map<String, String> FS_BY_OS_TYPE = Map.of("linux", "ext4", "windows", "ntfs");

    private final ImageService images;
    private final QemuImg qemuImg;
    private final HostCommands commands;
    private final ImageSafetyCheck safety = new ImageSafetyCheck();
    private final boolean forceRaw;

    public ImageTemplates(ImageService images, QemuImg qemuImg, HostCommands commands, boolean forceRaw) {
        this.images = images;
        this.qemuImg = qemuImg;
        this.commands = commands;
        this.forceRaw = forceRaw;
    }

    /**
     * nova's images.fetch_to_raw: download to TARGET.part, refuse what fails the safety checks or
     * is bigger than {@code maxVirtualBytes} (0: no limit), convert to raw when force_raw_images.
     */
    public TemplateFetcher image(RequestContext context, String imageId, long maxVirtualBytes) {
        return target -> {
            Path part = sibling(target, ".part");
            Path converted = sibling(target, ".converted");
            try {
                ImageRecord record = images.download(context, imageId, part, ImageService.NO_LIMIT);
                VerifiedImage verified = safety.verify(part, imageId, record.diskFormat(), maxVirtualBytes);
                List<String> problems = qemuImg.info(part, verified.qemuFormat()).safetyProblems();
                if (!problems.isEmpty()) {
                    throw NovaErrors.imageUnacceptable(imageId, String.join("; ", problems));
                }
                if (forceRaw && !"raw".equals(verified.qemuFormat())) {
                    qemuImg.convert(part, verified.qemuFormat(), converted, "raw");
                    Files.move(converted, target, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                Files.deleteIfExists(part);
                Files.deleteIfExists(converted);
            }
        };
    }

    /**
     * nova's fetch_raw_image, for kernels and ramdisks: only the download (and its checksum). They
     * are never inspected as disks: qemu loads them as files, never as block devices, and a bzImage
     * even carries a boot-sector signature that a disk inspector reads as a broken MBR.
     */
    public TemplateFetcher rawImage(RequestContext context, String imageId) {
        return target -> images.download(context, imageId, target, ImageService.NO_LIMIT);
    }

    /** nova's _create_ephemeral: a raw file of {@code sizeGb} GiB with a file system on it. */
    public TemplateFetcher ephemeral(int sizeGb, String fileSystem) {
        return target -> {
            qemuImg.create(target, "raw", sizeGb * GIB);
            commands.check(mkfs(fileSystem, target));
        };
    }

    /** nova's _create_swap. */
    public TemplateFetcher swap(int swapMb) {
        return target -> {
            qemuImg.create(target, "raw", swapMb * MIB);
            commands.check(List.of("mkswap", target.toString()));
        };
    }

    /** nova's rule for the ephemeral file system: default_ephemeral_format, else by os_type, else vfat. */
    public static String ephemeralFileSystem(String defaultFormat, String osType) {
        if (defaultFormat != null && !defaultFormat.isBlank()) {
            return defaultFormat;
        }
        return FS_BY_OS_TYPE.getOrDefault(osType == null ? "" : osType.toLowerCase(Locale.ROOT), "vfat");
    }

    /** nova's ephemeral template name: ephemeral_SIZE_ + the first 7 hex digits of md5(file system). */
    public static String ephemeralCacheName(int sizeGb, String fileSystem) {
        return "ephemeral_" + sizeGb + "_" + hex("MD5", fileSystem).substring(0, 7);
    }

    /** nova's imagecache.get_cache_fname: sha1 of the image id. */
    public static String cacheName(String imageId) {
        return hex("SHA-1", imageId);
    }

    /** nova's unprivileged_mkfs (which never passes the label). */
    static List<String> mkfs(String fileSystem, Path target) {
        if (!fileSystem.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException("not a file system type: " + fileSystem);
        }
        if ("swap".equals(fileSystem)) {
            return List.of("mkswap", target.toString());
        }
        boolean force = List.of("ext3", "ext4", "ntfs").contains(fileSystem);
        return force ? List.of("mkfs", "-t", fileSystem, "-F", target.toString())
                : List.of("mkfs", "-t", fileSystem, target.toString());
    }

    private static Path sibling(Path target, String suffix) {
        return target.resolveSibling(target.getFileName() + suffix);
    }

    private static String hex(String algorithm, String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
