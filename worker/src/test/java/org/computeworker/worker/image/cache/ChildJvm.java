package org.computeworker.worker.image.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link CacheChildProcess} in its own JVM, on this test run's class path. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static ChildJvm start(Path logDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), CacheChildProcess.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectError(logDir.resolve("child-" + System.nanoTime() + ".err").toFile()).start();
        return new ChildJvm(p);
    }

    /** The child's next protocol word, skipping its log lines; fails if it exits first. */
    String answer(String... words) throws IOException {
        List<String> expected = List.of(words);
        while (true) {
            String line = out.readLine();
            if (line == null) {
                throw new IOException("child exited without answering " + expected + " (status " + waitFor() + ")");
            }
            if (expected.contains(line.strip())) {
                return line.strip();
            }
        }
    }

    void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    int waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
