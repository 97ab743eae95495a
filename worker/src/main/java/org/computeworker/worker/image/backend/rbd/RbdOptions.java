package org.computeworker.worker.image.backend.rbd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.computeworker.worker.config.OptionReader;

/**
 * The options of the RBD image backend, with nova's names and defaults ({@code [libvirt] images_rbd_pool,
 * images_rbd_ceph_conf, rbd_user, rbd_secret_uuid, rbd_connect_timeout, rbd_destroy_volume_retries,
 * rbd_destroy_volume_retry_interval}; {@code [workarounds] never_download_image_if_on_rbd}), plus the one bound nova
 * lacks: {@code [compute_worker] rbd_op_timeout}.
 *
 * @param cephConf            the ceph.conf to read; null for librados' default {@code /etc/ceph/ceph.conf}
 * @param user                the cephx id without {@code client.} (null: librados' default, admin)
 * @param secretUuid          the libvirt secret holding {@code user}'s key, named in guest disk definitions
 * @param connectTimeout      {@code client_mount_timeout}: how long a connect may wait for the monitors
 * @param opTimeout           {@code rados_osd_op_timeout} and {@code rados_mon_op_timeout} of this worker's own
 *                            client handle (never of QEMU's: for a guest a stall must stay a stall, not an I/O error);
 *                            0 waits forever, as librados does by default
 * @param neverDownloadImageIfOnRbd refuse to download an image and import it when it cannot be cloned
 */
public record RbdOptions(String pool, Path cephConf, String user, String secretUuid, Duration connectTimeout,
                         Duration opTimeout, int destroyRetries, Duration destroyRetryInterval,
                         boolean neverDownloadImageIfOnRbd) {
    /** Where librados looks when no ceph.conf is configured. */
    public static final Path DEFAULT_CEPH_CONF = Path.of("/etc/ceph/ceph.conf");
    static final String WORKER_SECTION = "compute_worker";

    public RbdOptions {
        Objects.requireNonNull(pool, "pool");
        if (pool.isBlank() || pool.contains("/") || pool.contains("@")) {
            throw new IllegalArgumentException("[libvirt] images_rbd_pool must be a plain pool name, got '"
                    + pool + "'");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || opTimeout.isNegative()
                || destroyRetryInterval.isNegative() || destroyRetries < 0) {
            throw new IllegalArgumentException("rbd timeouts must be positive and retries >= 0");
        }
    }

    /** nova's defaults for {@code pool}, {@code cephConf} and {@code user}. */
    public static RbdOptions of(String pool, Path cephConf, String user) {
        return new RbdOptions(pool, cephConf, user, null, Duration.ofSeconds(5), Duration.ofSeconds(30), 12,
                Duration.ofSeconds(5), false);
    }

    public static RbdOptions read(OptionReader r) {
        return new RbdOptions(
                r.string("libvirt", "images_rbd_pool", "rbd"),
                r.optional("libvirt", "images_rbd_ceph_conf").map(Path::of).orElse(null),
                r.optional("libvirt", "rbd_user").orElse(null),
                r.optional("libvirt", "rbd_secret_uuid").orElse(null),
                Duration.ofSeconds(r.integer("libvirt", "rbd_connect_timeout", 5, 1, 3600)),
                Duration.ofSeconds(r.integer(WORKER_SECTION, "rbd_op_timeout", 30, 0, 86_400)),
                r.integer("libvirt", "rbd_destroy_volume_retries", 12, 0, 1000),
                Duration.ofSeconds(r.integer("libvirt", "rbd_destroy_volume_retry_interval", 5, 0, 3600)),
                r.bool("workarounds", "never_download_image_if_on_rbd", false));
    }

    /** The ceph.conf librados reads. */
    public Path effectiveCephConf() {
        return cephConf == null ? DEFAULT_CEPH_CONF : cephConf;
    }

    /** The cephx entity name, for messages. */
    public String entity() {
        return "client." + (user == null ? "admin" : user);
    }

    public RbdOptions withNeverDownloadImageIfOnRbd(boolean never) {
        return new RbdOptions(pool, cephConf, user, secretUuid, connectTimeout, opTimeout, destroyRetries,
                destroyRetryInterval, never);
    }

    public RbdOptions withTimeouts(Duration connect, Duration op) {
        return new RbdOptions(pool, cephConf, user, secretUuid, connect, op, destroyRetries, destroyRetryInterval,
                neverDownloadImageIfOnRbd);
    }

    public RbdOptions withSecretUuid(String uuid) {
        return new RbdOptions(pool, cephConf, user, uuid, connectTimeout, opTimeout, destroyRetries,
                destroyRetryInterval, neverDownloadImageIfOnRbd);
    }

    public RbdOptions withDestroyRetries(int retries, Duration interval) {
        return new RbdOptions(pool, cephConf, user, secretUuid, connectTimeout, opTimeout, retries, interval,
                neverDownloadImageIfOnRbd);
    }
}
