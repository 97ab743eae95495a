package org.computeworker.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.computeworker.broker.PrivateRabbitBroker;

/**
 * A worker process started from the shipped jar with the JVM options the launcher uses, so what is
 * measured (throughput, RSS) is what an operator runs.
 */
public final class WorkerUnderTest implements AutoCloseable {
    /** The options deploy/compute-worker passes; keep the two in step. */
    public static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=96m", "-Xss1m", "-XX:TieredStopAtLevel=1");

    private final Path dir;
    private final int metricsPort = PrivateRabbitBroker.freePort();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    private WorkerUnderTest(Path dir) {
        this.dir = dir;
    }

    public static WorkerUnderTest start(Path jar, String host, String transportUrl, String extraConf) throws Exception {
        Path dir = Files.createTempDirectory("bench-" + host + "-");
        WorkerUnderTest w = new WorkerUnderTest(dir);
        Files.writeString(dir.resolve("nova.conf"), String.join("\n",
                "[DEFAULT]", "host = " + host, "transport_url = " + transportUrl, "state_path = " + dir.resolve("state"),
                "compute_driver = fake.FakeDriver",
                "[compute_worker]", "standalone = true", "metrics_host = 127.0.0.1", "metrics_port = " + w.metricsPort,
                extraConf, ""), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        String extra = System.getenv("BENCH_WORKER_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--config", dir.resolve("nova.conf").toString()));
        w.process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker.log").toFile()).start();
        w.awaitHealthy();
        return w;
    }

    private void awaitHealthy() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker exited; see " + dir.resolve("worker.log"));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base() + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("worker not healthy in 60 s; see " + dir.resolve("worker.log"));
    }

    private String base() {
        return "http://127.0.0.1:" + metricsPort;
    }

    /** Sum of a Prometheus counter or timer count over the series whose labels contain {@code labels}. */
    public double metric(String name, String labels) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(text);
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Resident set size of the worker process, in MiB (VmRSS). */
    public double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    /** CPU seconds (user + system) the worker process has used so far. */
    public double cpuSeconds() throws IOException {
        return ProcessCpu.seconds(process.pid());
    }

    public java.util.Map<String, Double> cpuByThread() throws IOException {
        return ProcessCpu.byThread(process.pid());
    }

    /** Sends a signal (STOP, CONT) to the worker process: a paused worker lets a backlog build up, warm. */
    public void signal(String name) throws Exception {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
        }
    }

    public Path log() {
        return dir.resolve("worker.log");
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
