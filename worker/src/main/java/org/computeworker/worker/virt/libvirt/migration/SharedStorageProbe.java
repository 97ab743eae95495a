package org.computeworker.worker.virt.libvirt.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.computeworker.worker.image.backend.DiskCopier;
import org.computeworker.worker.config.RemoteHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's _is_path_shared_with: the destination is this host (its address is ours), or a marker
 * file created there through the copier shows up here.
 */
public final class SharedStorageProbe {
    private static final Logger LOG = LoggerFactory.getLogger(SharedStorageProbe.class);

    private final DiskCopier copier;
    private final String myIp;

    public SharedStorageProbe(DiskCopier copier, String myIp) {
        this.copier = copier;
        this.myIp = myIp;
    }

    public boolean isShared(String dest, Path dir) {
        if (dest.equals(myIp)) {
            return true;
        }
        Path marker = dir.resolve(UUID.randomUUID().toString().replace("-", "") + ".tmp");
        try {
            RemoteHost host = new RemoteHost(dest);
            copier.createFile(host, marker);
            if (Files.exists(marker)) {
                Files.delete(marker);
                return true;
            }
            copier.removeFile(host, marker);
        } catch (IOException | RuntimeException e) {
            // nova treats any failure as "not shared": the copy that follows reports real problems.
            LOG.debug("shared storage probe of {} on {} failed: {}", dir, dest, e.toString());
        }
        return false;
    }
}
