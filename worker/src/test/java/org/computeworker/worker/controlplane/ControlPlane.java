package org.computeworker.worker.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole nova control plane from Debian's packages (nova-api, nova-conductor, nova-scheduler,
 * placement, a private RabbitMQ, the project's image server as Glance, a minimal Neutron), brought
 * up by {@code deploy/openstack/start.sh} in a directory of its own and torn down by stop.sh.
 */
final class ControlPlane implements AutoCloseable {
    static final Path REPO = locateRepo();
    static final String PYTHON = "/usr/bin/python3";

    private final Path dir;
    private final Map<String, String> env;

    private ControlPlane(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** A fresh directory under target/controlplane for a test's planes and hosts (kept afterwards to read). */
    static Path workDir(String name) {
        Path dir = Path.of("target", "controlplane", name).toAbsolutePath();
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ControlPlane start(Path dir) throws Exception {
        run(Duration.ofMinutes(5), dir.resolve("start.log"), REPO.resolve("deploy/openstack/start.sh").toString(),
                dir.toString());
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("env"), StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new ControlPlane(dir, env);
    }

    Path dir() {
        return dir;
    }

    String env(String key) {
        String v = env.get(key);
        if (v == null) {
            throw new IllegalStateException(dir.resolve("env") + " has no " + key);
        }
        return v;
    }

    /** Waits until nova sees {@code host}: service up, hypervisor listed, inventory in placement, mapped to a cell. */
    void awaitComputeReady(String host, Duration timeout) throws Exception {
        run(timeout.plusSeconds(30), dir.resolve("ready-" + host + ".log"), PYTHON,
                REPO.resolve("deploy/openstack/compute_ready.py").toString(), dir.toString(), host,
                String.valueOf(timeout.toSeconds()));
    }

    /** Runs the user scenario through nova's REST API; returns where its facts (JSON) were written. */
    Path runScenario(String bootHost, Path out) throws Exception {
        run(Duration.ofMinutes(10), dir.resolve("scenario.log"), PYTHON,
                REPO.resolve("deploy/openstack/scenario.py").toString(), dir.toString(), "--boot-host", bootHost,
                "--out", out.toString());
        return out;
    }

    @Override
    public void close() throws Exception {
        run(Duration.ofMinutes(2), dir.resolve("stop.log"), REPO.resolve("deploy/openstack/stop.sh").toString(),
                dir.toString());
    }

    /** Runs a command to completion, its output in {@code log}; fails with the log's tail. */
    static void run(Duration timeout, Path log, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout + ":\n" + tail(log));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + tail(log));
        }
    }

    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", new ArrayList<>(lines.subList(Math.max(0, lines.size() - 60), lines.size())));
    }

    private static Path locateRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("deploy/openstack"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("deploy/openstack not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
