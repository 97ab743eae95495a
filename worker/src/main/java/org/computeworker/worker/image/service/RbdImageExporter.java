package org.computeworker.worker.image.service;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Copies an RBD snapshot to a local file with the {@code rbd export} command, with the
 * arguments nova's RBDDriver.export_image passes ({@code [glance] rbd_user}/{@code rbd_ceph_conf}).
 */
public final class RbdImageExporter {
    private static final int OUTPUT_LIMIT = 8192;

    private final String rbdCommand;
    private final String user;
    private final String cephConf;
    private final Duration timeout;

    public RbdImageExporter(String rbdCommand, String user, String cephConf, Duration timeout) {
        this.rbdCommand = rbdCommand;
        this.user = user == null ? "" : user;
        this.cephConf = cephConf == null ? "" : cephConf;
        this.timeout = timeout;
    }

    public static RbdImageExporter fromConfig(GlanceConfig config) {
        return new RbdImageExporter("rbd", config.rbdUser(), config.rbdCephConf(), Duration.ofHours(6));
    }

    /** The exact argument vector, run without a shell. */
    List<String> exportArgv(RbdLocation location, Path dest) {
        List<String> argv = new ArrayList<>(List.of(rbdCommand, "export",
                "--pool", location.pool(), "--image", location.image(),
                "--path", dest.toString(), "--snap", location.snapshot()));
        if (!user.isEmpty()) {
            argv.addAll(List.of("--id", user));
        }
        if (!cephConf.isEmpty()) {
            argv.addAll(List.of("--conf", cephConf));
        }
        return argv;
    }

    /** Runs the export; the destination must not exist yet (rbd refuses to overwrite). */
    public void export(RbdLocation location, Path dest) throws IOException {
        List<String> argv = exportArgv(location, dest);
        // Output goes to a file rather than a pipe so a hung rbd cannot hold us past the timeout.
        Path log = Files.createTempFile("rbd-export-", ".log");
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("rbd export did not finish within " + timeout + ": " + argv);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for rbd export", e);
            }
            if (process.exitValue() != 0) {
                throw new IOException("rbd export exited with " + process.exitValue() + ": " + tail(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String tail(Path log) throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = Math.max(0, all.length - OUTPUT_LIMIT);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
    }
}
