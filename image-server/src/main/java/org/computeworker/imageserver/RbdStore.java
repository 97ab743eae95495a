package org.computeworker.imageserver;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts image bytes into Ceph the way Glance's rbd store lays them out: image
 * {@code <pool>/<image_id>}, format 2 with only the layering feature and 8 MiB objects (Glance's
 * default rbd_store_chunk_size), and a protected snapshot {@code snap} for nova to clone from;
 * the location is {@code rbd://<fsid>/<pool>/<image_id>/snap}. Runs the rbd and ceph commands.
 */
public final class RbdStore {
    public static final String SNAPSHOT = "snap";
    private static final String OBJECT_SIZE = "8M";
    private static final System.Logger LOG = System.getLogger(RbdStore.class.getName());

    private final String pool;
    private final String cephConf;
    private final String cephUser;
    private final String rbdCommand;
    private final String cephCommand;
    private final ProcessRunner runner;

    /** {@code cephConf} and {@code cephUser} may be null for the rbd defaults (/etc/ceph/ceph.conf, client.admin). */
    public RbdStore(String pool, String cephConf, String cephUser) {
        this(pool, cephConf, cephUser, "rbd", "ceph", Duration.ofHours(6));
    }

    public RbdStore(String pool, String cephConf, String cephUser, String rbdCommand, String cephCommand,
                    Duration commandTimeout) {
        if (pool == null || pool.isBlank() || pool.contains("/") || pool.contains("@")) {
            throw new IllegalArgumentException("rbd pool must be a plain pool name, got '" + pool + "'");
        }
        this.pool = pool;
        this.cephConf = cephConf == null ? "" : cephConf;
        this.cephUser = cephUser == null ? "" : cephUser;
        this.rbdCommand = rbdCommand;
        this.cephCommand = cephCommand;
        this.runner = new ProcessRunner(commandTimeout);
    }

    public String pool() {
        return pool;
    }

    /** Glance's location form; each piece is percent-encoded as the rbd store quotes it. */
    public static String locationUrl(String fsid, String pool, String image, String snapshot) {
        return "rbd://" + quote(fsid) + "/" + quote(pool) + "/" + quote(image) + "/" + quote(snapshot);
    }

    /** The cluster's fsid: asked of the cluster ({@code ceph fsid}), else read from the ceph.conf. */
    public String clusterFsid() throws IOException {
        IOException askFailure;
        try {
            ProcessRunner.Result result = runner.run(fsidArgv());
            if (result.succeeded() && !result.stdout().isBlank()) {
                return CephFsid.checked(result.stdout().strip(), "ceph fsid");
            }
            askFailure = new IOException(result.describe());
        } catch (IOException e) {
            askFailure = e;
        }
        Path conf = cephConf.isEmpty() ? CephFsid.DEFAULT_CONF : Path.of(cephConf);
        Optional<String> fromConf = CephFsid.fromConf(conf);
        if (fromConf.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "ceph fsid failed (" + askFailure.getMessage()
                    + "); using the fsid in " + conf);
            return fromConf.get();
        }
        throw new IOException("cannot learn the ceph cluster fsid: " + askFailure.getMessage()
                + ", and " + conf + " has no fsid", askFailure);
    }

    /**
     * Imports {@code file} as {@code <pool>/<imageId>}, snapshots and protects it, and returns
     * the location. On failure whatever was created in Ceph is removed again.
     */
    public String store(Path file, String imageId, String fsid) throws IOException {
        check(runner.run(importArgv(file, imageId)));
        try {
            check(runner.run(snapCreateArgv(imageId)));
            check(runner.run(snapProtectArgv(imageId)));
        } catch (IOException | RuntimeException e) {
            remove(imageId);
            throw e;
        }
        return locationUrl(fsid, pool, imageId, SNAPSHOT);
    }

    /** Best-effort removal of the image and its snapshot, as Glance's rbd store deletes. */
    public void remove(String imageId) {
        for (List<String> argv : List.of(snapUnprotectArgv(imageId), snapRemoveArgv(imageId),
                removeArgv(imageId))) {
            try {
                ProcessRunner.Result result = runner.run(argv);
                if (!result.succeeded()) {
                    LOG.log(System.Logger.Level.WARNING, "cleanup step failed: " + result.describe());
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cleanup step failed: " + e.getMessage());
            }
        }
    }

    List<String> importArgv(Path file, String imageId) {
        return rbd("import", "--image-format", "2", "--image-feature", "layering", "--object-size", OBJECT_SIZE,
                "--no-progress", file.toString(), imageSpec(imageId));
    }

    List<String> snapCreateArgv(String imageId) {
        return rbd("snap", "create", snapSpec(imageId));
    }

    List<String> snapProtectArgv(String imageId) {
        return rbd("snap", "protect", snapSpec(imageId));
    }

    List<String> snapUnprotectArgv(String imageId) {
        return rbd("snap", "unprotect", snapSpec(imageId));
    }

    List<String> snapRemoveArgv(String imageId) {
        return rbd("snap", "rm", snapSpec(imageId));
    }

    List<String> removeArgv(String imageId) {
        return rbd("rm", "--no-progress", imageSpec(imageId));
    }

    List<String> fsidArgv() {
        List<String> argv = new ArrayList<>(List.of(cephCommand, "fsid"));
        argv.addAll(cephArgs());
        return argv;
    }

    private List<String> rbd(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(rbdCommand);
        argv.addAll(List.of(args));
        argv.addAll(cephArgs());
        return argv;
    }

    /** nova's RBDDriver.ceph_args: who we are and which cluster, only when configured. */
    private List<String> cephArgs() {
        List<String> args = new ArrayList<>();
        if (!cephUser.isEmpty()) {
            args.addAll(List.of("--id", cephUser));
        }
        if (!cephConf.isEmpty()) {
            args.addAll(List.of("--conf", cephConf));
        }
        return args;
    }

    private String imageSpec(String imageId) {
        return pool + "/" + imageId;
    }

    private String snapSpec(String imageId) {
        return imageSpec(imageId) + "@" + SNAPSHOT;
    }

    private static void check(ProcessRunner.Result result) throws IOException {
        if (!result.succeeded()) {
            throw new IOException(result.describe());
        }
    }

    private static String quote(String piece) {
        return URLEncoder.encode(piece, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
