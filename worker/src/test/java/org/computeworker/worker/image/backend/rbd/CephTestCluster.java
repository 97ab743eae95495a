package org.computeworker.worker.image.backend.rbd;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.computeworker.messages.Json;

/**
 * A real single-node Ceph for one test class, brought up with the project's {@code deploy/ceph/start.sh} in a
 * directory of its own and stopped (and that directory removed) on close. Fails, never skips, when Ceph cannot run.
 * Public for the libvirt end-to-end tests, which share it through {@link SharedCephCluster}.
 */
public final class CephTestCluster implements AutoCloseable {
    public static final String INSTALL_HINT =
            "apt-get install -y ceph-mon ceph-osd ceph-mgr ceph-common librados2 librbd1";
    /** The cephx user deploy/ceph/start.sh creates for the pools images and vms. */
    public static final String USER = "openstack";

    public final Path dir;
    public final Path conf;
    public final String fsid;
    private boolean stopped;

    private CephTestCluster(Path dir, String fsid) {
        this.dir = dir;
        this.conf = dir.resolve("ceph.conf");
        this.fsid = fsid;
    }

    /** Under /tmp: the script needs a short directory (unix socket paths). */
    static CephTestCluster start() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "cw-rbd-");
        Result result = run(List.of(script("start.sh").toString(), dir.toString()), 300);
        if (result.exit != 0) {
            run(List.of(script("stop.sh").toString(), dir.toString()), 120);
            deleteTree(dir);
            fail("a single-node Ceph could not be started with deploy/ceph/start.sh (exit " + result.exit
                    + "); the tests need it and its packages: " + INSTALL_HINT + "\n" + result.output);
        }
        return new CephTestCluster(dir, result.stdout.strip());
    }

    /** Stops the daemons (the data stays until {@link #close}). */
    void stop() {
        if (!stopped) {
            Result result = run(List.of(script("stop.sh").toString(), dir.toString()), 120);
            stopped = true;
            if (result.exit != 0) {
                fail("deploy/ceph/stop.sh failed: " + result.output);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } finally {
            deleteTree(dir);
        }
    }

    RbdOptions options(String pool) {
        return RbdOptions.of(pool, conf, USER).withSecretUuid("5d6e1b3a-39d8-4d3e-8a53-0a1b2c3d4e5f");
    }

    /** The keyring holding {@link #USER}'s key (what a libvirt secret for QEMU must hold). */
    public Path userKeyring() {
        return dir.resolve("ceph.client." + USER + ".keyring");
    }

    /** The monitor's msgr v1 port, as deploy/ceph/start.sh chose it (recorded in DIR/ports). */
    public int monV1Port() throws IOException {
        for (String line : Files.readAllLines(dir.resolve("ports"))) {
            if (line.startsWith("MON_V1_PORT=")) {
                return Integer.parseInt(line.substring("MON_V1_PORT=".length()).strip());
            }
        }
        return fail(dir.resolve("ports") + " names no MON_V1_PORT");
    }

    /** {@code rbd ... --format json} as client.openstack, parsed. */
    public JsonNode rbdJson(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--format", "json"));
        return Json.parse(rbd(argv.toArray(String[]::new)));
    }

    /** Runs the rbd CLI as client.openstack; fails the test when it fails. */
    public String rbd(String... args) {
        List<String> argv = new ArrayList<>(List.of("rbd", "-c", conf.toString(), "--id", USER));
        argv.addAll(List.of(args));
        Result result = run(argv, 120);
        if (result.exit != 0) {
            fail(String.join(" ", argv) + " failed: " + result.output);
        }
        return result.stdout;
    }

    private static Path script(String name) {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("deploy").resolve("ceph").resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("deploy/ceph/" + name + " not found above " + here);
    }

    private record Result(int exit, String stdout, String output) {
    }

    private static Result run(List<String> argv, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("cw-rbd-out-", ".txt");
            Path err = Files.createTempFile("cw-rbd-err-", ".txt");
            try {
                Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "", String.join(" ", argv) + " timed out after " + timeoutSeconds + " s");
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                return new Result(p.exitValue(), stdout, stdout + Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", "could not run " + argv + ": " + e + "; install Ceph with: " + INSTALL_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
