package org.computeworker.imageserver;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command from an argument vector (never through a shell) with a time limit. Output goes
 * to temporary files rather than pipes, so a chatty or hung child can neither block nor outlive
 * the limit; the end of each stream is kept for error messages.
 */
final class ProcessRunner {
    private static final int KEPT_OUTPUT = 8192;

    /** How a finished command ended. */
    record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", argv) + " exited with " + exitCode
                    + (stderr.isEmpty() ? "" : ": " + stderr) + (stdout.isEmpty() ? "" : " (stdout: " + stdout + ")");
        }
    }

    private final Duration timeout;

    ProcessRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /** Runs {@code argv}; a command that cannot start or overruns the limit is an IOException. */
    Result run(List<String> argv) throws IOException {
        Path out = Files.createTempFile("image-server-cmd-", ".out");
        Path err = Files.createTempFile("image-server-cmd-", ".err");
        try {
            Process process = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(String.join(" ", argv) + " did not finish within " + timeout);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + String.join(" ", argv), e);
            }
            return new Result(List.copyOf(argv), process.exitValue(), tail(out), tail(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int from = Math.max(0, all.length - KEPT_OUTPUT);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
    }
}
