package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code preallocate_images = space}: reserves a disk's whole size on the host filesystem up front with
 * {@code fallocate -n} (the file's size is unchanged), as nova does; where fallocate is missing or the filesystem
 * refuses, it warns once and carries on, as nova does.
 */
public final class Preallocator {
    private static final Logger LOG = LoggerFactory.getLogger(Preallocator.class);
    public static final Preallocator NONE = new Preallocator(false);

    private final boolean enabled;
    private volatile boolean unsupported;

    private Preallocator(boolean enabled) {
        this.enabled = enabled;
    }

    public static Preallocator forOption(boolean preallocateSpace) {
        return preallocateSpace ? new Preallocator(true) : NONE;
    }

    void allocate(Path disk, long sizeBytes) {
        if (!enabled || unsupported || sizeBytes <= 0) {
            return;
        }
        Optional<Path> fallocate = ExternalCommand.find("fallocate");
        try {
            if (fallocate.isEmpty()) {
                throw new IOException("fallocate (util-linux) is not installed");
            }
            ExternalCommand.run(List.of(fallocate.get().toString(), "-n", "-l", Long.toString(sizeBytes),
                    disk.toAbsolutePath().toString()), Duration.ofMinutes(10));
        } catch (IOException e) {
            unsupported = true;
            LOG.warn("Unable to preallocate image at path: {} ({})", disk, e.getMessage());
        }
    }
}
