package org.computeworker.worker.image.qemu;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an argument vector (never a shell) with a deadline, capturing both output streams concurrently and
 * killing the whole process tree if the deadline passes.
 */
public final class ProcessRunner {
    private static final int STDOUT_CAP = 16 << 20;
    private static final int STDERR_CAP = 64 << 10;
    private static final File NULL_DEVICE = new File("/dev/null");

    private final Map<String, String> environment;

    /** @param environment variables set on top of the inherited environment */
    public ProcessRunner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * @throws InterruptedIOException when this thread is interrupted (the process is killed first)
     * @throws IOException            when the program cannot be started at all
     */
    public ProcessOutcome run(List<String> command, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE));
        builder.environment().putAll(environment);
        Process process = builder.start();
        StreamCapture out = StreamCapture.start(process.getInputStream(), STDOUT_CAP);
        StreamCapture err = StreamCapture.start(process.getErrorStream(), STDERR_CAP);
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw (InterruptedIOException) new InterruptedIOException("interrupted while waiting for "
                    + command.get(0)).initCause(e);
        }
        if (!finished) {
            kill(process);
        }
        return new ProcessOutcome(command, finished ? process.exitValue() : -1, out.text(), err.text(), !finished);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drains one stream on its own thread so a chatty child can never block on a full pipe. */
    private static final class StreamCapture {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;

        private StreamCapture(InputStream in, int cap) {
            this.thread = new Thread(() -> drain(in, cap), "process-output");
            thread.setDaemon(true);
        }

        static StreamCapture start(InputStream in, int cap) {
            StreamCapture capture = new StreamCapture(in, cap);
            capture.thread.start();
            return capture;
        }

        private void drain(InputStream in, int cap) {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.max(0, Math.min(n, cap - kept.size())));
                    }
                }
            } catch (IOException ignored) {
                // The stream closes when the process is killed; what was captured so far is still reported.
            }
        }

        String text() {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
