package org.computeworker.worker.controlplane;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One compute host of a control plane, started as an operator would: the compute worker
 * ({@code Main --config-file compute.conf --config-file HOST.conf}, in its own JVM) or Debian's
 * Python nova-compute ({@code deploy/openstack/python-compute.sh}), both with the same nova.conf.
 */
final class ComputeHostProcess implements AutoCloseable {
    enum Kind { WORKER, NOVA_COMPUTE }

    private final String host;
    private final Process worker;
    private final Path log;

    private ComputeHostProcess(String host, Process worker, Path log) {
        this.host = host;
        this.worker = worker;
        this.log = log;
    }

    static ComputeHostProcess start(Kind kind, ControlPlane plane, String host) throws Exception {
        return start(kind, plane, host, new String[0]);
    }

    /** @param extraConf more lines for the worker's HOST.conf (ignored for nova-compute) */
    static ComputeHostProcess start(Kind kind, ControlPlane plane, String host, String... extraConf) throws Exception {
        Path dir = plane.dir();
        if (kind == Kind.NOVA_COMPUTE) {
            ControlPlane.run(Duration.ofMinutes(3), dir.resolve("start-" + host + ".log"),
                    ControlPlane.REPO.resolve("deploy/openstack/python-compute.sh").toString(), dir.toString(), host);
            return new ComputeHostProcess(host, null, dir.resolve(host + ".log"));
        }
        Path state = Files.createDirectories(dir.resolve("hosts").resolve(host));
        Path conf = dir.resolve(host + ".conf");
        List<String> lines = new java.util.ArrayList<>(List.of("[DEFAULT]", "host = " + host, "state_path = " + state,
                "[compute_worker]", "metrics_host = 127.0.0.1", "metrics_port = 0"));
        lines.addAll(List.of(extraConf));
        Files.writeString(conf, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Path log = dir.resolve(host + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.computeworker.worker.Main", "--config-file", dir.resolve("compute.conf").toString(),
                "--config-file", conf.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ComputeHostProcess started = new ComputeHostProcess(host, p, log);
        try {
            plane.awaitComputeReady(host, Duration.ofSeconds(90));
        } catch (AssertionError e) {
            started.close();
            throw new AssertionError(e.getMessage() + "\nworker log:\n" + ControlPlane.tail(log), e);
        }
        return started;
    }

    String host() {
        return host;
    }

    Path log() {
        return log;
    }

    /** The worker's process (null for nova-compute, which stop.sh stops with the control plane). */
    Process process() {
        return worker;
    }

    @Override
    public void close() throws Exception {
        if (worker != null && worker.isAlive()) {
            worker.destroy();
            if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }
}
