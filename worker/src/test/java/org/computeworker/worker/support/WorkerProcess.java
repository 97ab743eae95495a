package org.computeworker.worker.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.computeworker.broker.PrivateRabbitBroker;

/** A worker in its own JVM (java -cp the test classpath ... Main --config), to be killed or stopped for real. */
public final class WorkerProcess implements AutoCloseable {
    private final Path config;
    private final Path log;
    private final int metricsPort;
    private Process process;

    public WorkerProcess(String confText, Path dir) throws IOException {
        this.metricsPort = PrivateRabbitBroker.freePort();
        this.config = dir.resolve("nova.conf");
        this.log = dir.resolve("worker.log");
        Files.writeString(config, confText.replace("metrics_port = 0", "metrics_port = " + metricsPort),
                StandardCharsets.UTF_8);
    }

    public WorkerProcess start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "org.computeworker.worker.Main", "--config", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("worker exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (healthy()) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("worker did not become healthy:\n" + logTail());
    }

    private boolean healthy() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/healthz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, as a power cut to the process. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM, then wait for the exit code. */
    public int terminate(Duration wait) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("worker did not stop within " + wait + ":\n" + logTail());
        }
        return process.exitValue();
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public String logTail() {
        try {
            String all = log();
            return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public Path config() {
        return config;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
