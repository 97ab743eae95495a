package org.computeworker.worker.image.backend.rbd;

import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.service.RbdLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's {@code storage/rbd_utils.RBDDriver} on rados-java: the RBD image operations the image backend needs, each
 * on a fresh I/O context of this worker's one client, every image handle closed. Failures are {@link
 * CephException}s carrying librbd's errno.
 */
public final class RbdDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RbdDriver.class);
    /** The disk formats qemu reads byte for byte, so an RBD copy of them is the disk as it is. */
    private static final Set<String> CLONEABLE_FORMATS = Set.of("raw", "iso");

    private final CephCluster cluster;
    private final RbdSnapshots snapshots;
    private volatile String fsid;

    public RbdDriver(RbdOptions options) {
        this.cluster = new CephCluster(options);
        this.snapshots = new RbdSnapshots(cluster, options);
    }

    public RbdOptions options() {
        return cluster.options();
    }

    /** The cluster's fsid (asked once: it never changes for a cluster). */
    public String fsid() {
        String known = fsid;
        if (known == null) {
            known = cluster.onClient("get the cluster fsid", rados -> rados.clusterFsid().strip());
            fsid = known;
        }
        return known;
    }

    public boolean exists(String pool, String name) {
        return exists(pool, name, null);
    }

    /** Whether {@code pool/name[@snapshot]} can be opened by this user; a missing pool counts as missing. */
    public boolean exists(String pool, String name, String snapshot) {
        try {
            return cluster.inPool(pool, "open " + spec(pool, name, snapshot), ioctx -> {
                try (RbdImage ignored = new Rbd(ioctx).openReadOnly(name, snapshot)) {
                    return true;
                }
            });
        } catch (CephException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** Creates an empty format 2 image of {@code sizeBytes}. */
    public void create(String pool, String name, long sizeBytes) {
        long features = RbdFeatures.forNewImages(cluster);
        cluster.inPool(pool, "create " + spec(pool, name, null), ioctx -> {
            new Rbd(ioctx).create(name, sizeBytes, features, 0);
            return null;
        });
    }

    /** nova's {@code clone}: a copy-on-write child of the (protected) snapshot {@code parent} names. */
    public void clone(RbdLocation parent, String pool, String name) {
        LOG.debug("cloning {}/{}@{} to {}/{}", parent.pool(), parent.image(), parent.snapshot(), pool, name);
        long features = RbdFeatures.forNewImages(cluster);
        String what = "clone " + spec(parent.pool(), parent.image(), parent.snapshot()) + " to "
                + spec(pool, name, null);
        cluster.inPool(parent.pool(), what, source -> cluster.inPool(pool, what, dest -> {
            new Rbd(source).clone(parent.image(), parent.snapshot(), dest, name, features, 0);
            return null;
        }));
    }

    /**
     * nova's {@code is_cloneable}: the location is an rbd snapshot in this very cluster, the image is read as it is
     * (raw or iso), and this user can open the snapshot, which must be protected (the cluster may require clone v1).
     */
    public boolean isCloneable(String url, String diskFormat) {
        RbdLocation location;
        try {
            location = RbdUrls.parse(url);
        } catch (NovaException e) {
            LOG.debug("not cloneable: {}", e.getMessage());
            return false;
        }
        if (!fsid().equals(location.fsid())) {
            LOG.debug("{} is in a different ceph cluster", url);
            return false;
        }
        String format = diskFormat == null ? "" : diskFormat.toLowerCase(Locale.ROOT);
        if (!CLONEABLE_FORMATS.contains(format)) {
            LOG.debug("rbd image clone requires image format to be 'raw' but image {} is '{}'", url, diskFormat);
            return false;
        }
        try {
            return snapshots.isProtected(location.pool(), location.image(), location.snapshot());
        } catch (CephException e) {
            if (e.isNotFound() || e.isPermissionDenied()) {
                LOG.debug("Unable to open image {}: {}", url, e.getMessage());
                return false;
            }
            throw e;
        }
    }

    /** The image's size in bytes. */
    public long size(String pool, String name) {
        return cluster.inPool(pool, "stat " + spec(pool, name, null), ioctx -> {
            try (RbdImage image = new Rbd(ioctx).openReadOnly(name)) {
                return image.stat().size;
            }
        });
    }

    public void resize(String pool, String name, long sizeBytes) {
        LOG.debug("resizing rbd image {}/{} to {}", pool, name, sizeBytes);
        cluster.inPool(pool, "resize " + spec(pool, name, null), ioctx -> {
            try (RbdImage image = new Rbd(ioctx).open(name)) {
                image.resize(sizeBytes);
            }
            return null;
        });
    }

    /**
     * Grows the image to {@code sizeBytes} when it is smaller, in one open (the clone path counts its milliseconds).
     *
     * @return the image's size before: bigger than {@code sizeBytes} means nothing was changed
     */
    public long growTo(String pool, String name, long sizeBytes) {
        return cluster.inPool(pool, "grow " + spec(pool, name, null), ioctx -> {
            try (RbdImage image = new Rbd(ioctx).open(name)) {
                long before = image.stat().size;
                if (sizeBytes > before) {
                    LOG.debug("resizing rbd image {}/{} to {}", pool, name, sizeBytes);
                    image.resize(sizeBytes);
                }
                return before;
            }
        });
    }

    /**
     * Copies the image's parent data into it and detaches it from the parent.
     *
     * @return false when it had no parent (librbd says EINVAL), which nova treats as already flat
     */
    public boolean flatten(String pool, String name) {
        LOG.debug("flattening {}/{}", pool, name);
        return cluster.inPool(pool, "flatten " + spec(pool, name, null), ioctx -> {
            try (RbdImage image = new Rbd(ioctx).open(name)) {
                image.flatten();
                return true;
            } catch (RbdException e) {
                if (e.getReturnValue() == CephException.EINVAL) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Removes the image with its snapshots; see {@link RbdSnapshots#removeImage}. */
    public void remove(String pool, String name) {
        snapshots.removeImage(pool, name);
    }

    /** Creates a snapshot, protected when asked (what Glance's store does to every image). */
    public void createSnapshot(String pool, String name, String snapshot, boolean protect) {
        snapshots.create(pool, name, snapshot, protect);
    }

    /** Imports a local raw file as a new image {@code pool/name}; see {@link RbdFileImport}. */
    public void importFile(Path file, String pool, String name) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            importFrom(in, file.toString(), pool, name);
        } catch (IOException e) {
            throw new CephException("import " + file + ": cannot read it: " + e, 0, e);
        }
    }

    /** As {@link #importFile}, from a file already open; {@code source} names it in errors. */
    public void importFrom(FileChannel in, String source, String pool, String name) {
        long features = RbdFeatures.forNewImages(cluster);
        cluster.inPool(pool, "import " + source + " to " + spec(pool, name, null), ioctx -> {
            RbdFileImport.run(new Rbd(ioctx), in, name, features);
            return null;
        });
    }

    public void rename(String pool, String from, String to) {
        cluster.inPool(pool, "rename " + spec(pool, from, null) + " to " + to, ioctx -> {
            new Rbd(ioctx).rename(from, to);
            return null;
        });
    }

    /** {@code length} bytes from {@code offset} of the image (fewer at its end). */
    public byte[] read(String pool, String name, long offset, int length) {
        return cluster.inPool(pool, "read " + spec(pool, name, null), ioctx -> {
            try (RbdImage image = new Rbd(ioctx).openReadOnly(name)) {
                byte[] data = new byte[length];
                int n = image.read(offset, data, length);
                if (n < 0) {
                    throw new RbdException("read of " + length + " bytes at " + offset + " failed", n);
                }
                return n == length ? data : java.util.Arrays.copyOf(data, n);
            }
        });
    }

    /** nova's {@code get_pool_info}, from the monitors' {@code df}; see {@link PoolCapacity}. */
    public PoolCapacity poolCapacity(String pool) {
        String json = cluster.onClient("ask the monitors for df", rados -> {
            var result = rados.executeRadosMonCommand(new String[] {"{\"prefix\": \"df\", \"format\": \"json\"}"},
                    "");
            return result.getOutput();
        });
        return PoolCapacity.fromDf(json, pool);
    }

    @Override
    public void close() {
        cluster.close();
    }

    static String spec(String pool, String name, String snapshot) {
        return pool + "/" + name + (snapshot == null ? "" : "@" + snapshot);
    }
}
