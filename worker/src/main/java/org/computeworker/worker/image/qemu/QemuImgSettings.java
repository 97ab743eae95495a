package org.computeworker.worker.image.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where qemu-img and prlimit live and how long and how much each qemu-img run may take.
 *
 * @param infoTimeout      wall-clock bound for {@code qemu-img info}
 * @param operationTimeout wall-clock bound for create, convert and resize
 * @param infoLimits       kernel limits for {@code qemu-img info}, the call that parses untrusted headers
 */
public record QemuImgSettings(String qemuImgBinary, String prlimitBinary, Duration infoTimeout,
                              Duration operationTimeout, ResourceLimits infoLimits) {

    public QemuImgSettings {
        if (qemuImgBinary == null || qemuImgBinary.isBlank()) {
            throw new IllegalArgumentException("qemu-img binary must be named");
        }
        if (infoTimeout.isNegative() || infoTimeout.isZero() || operationTimeout.isNegative()
                || operationTimeout.isZero()) {
            throw new IllegalArgumentException("qemu-img timeouts must be positive");
        }
        if (!infoLimits.none() && (prlimitBinary == null || prlimitBinary.isBlank())) {
            throw new IllegalArgumentException("resource limits " + infoLimits + " need prlimit (util-linux); "
                    + "install it or pass ResourceLimits.NONE explicitly");
        }
    }

    /**
     * qemu-img from PATH, nova's limits for info (enforced with prlimit from PATH, which must exist), one
     * minute for info and one hour for the data-moving operations.
     */
    public static QemuImgSettings defaults() {
        String prlimit = findOnPath("prlimit").map(Path::toString).orElse(null);
        return new QemuImgSettings("qemu-img", prlimit, Duration.ofMinutes(1), Duration.ofHours(1),
                ResourceLimits.NOVA_QEMU_IMG_INFO);
    }

    public QemuImgSettings withQemuImgBinary(String binary) {
        return new QemuImgSettings(binary, prlimitBinary, infoTimeout, operationTimeout, infoLimits);
    }

    public QemuImgSettings withTimeouts(Duration info, Duration operation) {
        return new QemuImgSettings(qemuImgBinary, prlimitBinary, info, operation, infoLimits);
    }

    public QemuImgSettings withInfoLimits(ResourceLimits limits) {
        return new QemuImgSettings(qemuImgBinary, prlimitBinary, infoTimeout, operationTimeout, limits);
    }

    static Optional<Path> findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
