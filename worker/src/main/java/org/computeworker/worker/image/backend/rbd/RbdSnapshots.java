package org.computeworker.worker.image.backend.rbd;

import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import com.ceph.rbd.jna.RbdSnapInfo;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots and image removal: librbd refuses to remove an image that has snapshots, or that a client (a QEMU
 * being torn down) still has open, so removal takes the snapshots away first and retries while the image is busy,
 * as nova's {@code _destroy_volume} does ({@code rbd_destroy_volume_retries} x {@code _retry_interval}).
 */
final class RbdSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(RbdSnapshots.class);

    private final CephCluster cluster;
    private final RbdOptions options;

    RbdSnapshots(CephCluster cluster, RbdOptions options) {
        this.cluster = cluster;
        this.options = options;
    }

    void create(String pool, String name, String snapshot, boolean protect) {
        cluster.inPool(pool, "snapshot " + RbdDriver.spec(pool, name, snapshot), ioctx -> {
            try (RbdImage image = new Rbd(ioctx).open(name)) {
                image.snapCreate(snapshot);
                if (protect && !image.snapIsProtected(snapshot)) {
                    image.snapProtect(snapshot);
                }
            }
            return null;
        });
    }

    /** Whether the snapshot exists, is readable by this user, and is protected. */
    boolean isProtected(String pool, String name, String snapshot) {
        return cluster.inPool(pool, "open " + RbdDriver.spec(pool, name, snapshot), ioctx -> {
            try (RbdImage image = new Rbd(ioctx).openReadOnly(name, snapshot)) {
                boolean isProtected = image.snapIsProtected(snapshot);
                if (!isProtected) {
                    LOG.debug("{} is not protected: clones of it are refused", RbdDriver.spec(pool, name, snapshot));
                }
                return isProtected;
            }
        });
    }

    /**
     * Removes the image and its snapshots; a missing image is not an error. A protected snapshot that still has
     * clones cannot go (EBUSY at once, the image stays); an image still open somewhere is retried.
     */
    void removeImage(String pool, String name) {
        String spec = RbdDriver.spec(pool, name, null);
        try {
            cluster.inPool(pool, "remove the snapshots of " + spec, ioctx -> {
                removeSnapshots(new Rbd(ioctx), name);
                return null;
            });
            for (int attempt = 0; ; attempt++) {
                try {
                    cluster.inPool(pool, "remove " + spec, ioctx -> {
                        new Rbd(ioctx).remove(name);
                        return null;
                    });
                    return;
                } catch (CephException e) {
                    if (e.errno() != CephException.EBUSY || attempt >= options.destroyRetries()) {
                        throw e;
                    }
                    LOG.warn("rbd remove {} failed, retrying in {}: {}", spec, options.destroyRetryInterval(),
                            e.getMessage());
                    sleep(options.destroyRetryInterval());
                }
            }
        } catch (CephException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            LOG.debug("rbd image {} does not exist, nothing to remove", spec);
        }
    }

    private static void removeSnapshots(Rbd rbd, String name) throws RbdException {
        try (RbdImage image = rbd.open(name)) {
            for (RbdSnapInfo snap : image.snapList()) {
                if (image.snapIsProtected(snap.name)) {
                    image.snapUnprotect(snap.name); // EBUSY while clones of it exist
                }
                image.snapRemove(snap.name);
            }
        }
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CephException("interrupted while waiting to retry an rbd remove", 0, e);
        }
    }
}
