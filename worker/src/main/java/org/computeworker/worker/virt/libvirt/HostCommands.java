package org.computeworker.worker.virt.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.computeworker.worker.errors.NovaException;

/**
 * Runs host tools other than qemu-img (mkfs, mkswap, e2fsck, resize2fs, ssh, scp, rsync) as
 * argument vectors, never through a shell, each with a deadline.
 */
public class HostCommands {
    /** How one command ended. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Output is drained on threads of its own: the common pool may have a single thread. */
    private static final java.util.concurrent.ExecutorService DRAINERS = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "host-command-output");
                thread.setDaemon(true);
                return thread;
            });

    private final Duration timeout;

    public HostCommands(Duration timeout) {
        this.timeout = timeout;
    }

    public static HostCommands withDefaults() {
        return new HostCommands(Duration.ofHours(1));
    }

    /** Runs the command and reports how it ended, whatever its exit status. */
    public Result run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new NovaException("Unexpected error while running command.\nCommand: " + String.join(" ", command)
                    + "\nReason: " + e.getMessage());
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), DRAINERS);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), DRAINERS);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new NovaException("Command timed out after " + timeout.toSeconds() + " s: "
                        + String.join(" ", command));
            }
            return new Result(List.copyOf(command), process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NovaException("Interrupted while running " + command.get(0));
        }
    }

    /** Runs the command and fails as oslo's ProcessExecutionError reads when it exits non-zero. */
    public Result check(List<String> command) {
        Result result = run(command);
        if (!result.succeeded()) {
            throw new NovaException("Unexpected error while running command.\nCommand: " + String.join(" ", command)
                    + "\nExit code: " + result.exitCode() + "\nStdout: " + result.stdout().strip()
                    + "\nStderr: " + result.stderr().strip());
        }
        return result;
    }

    private static String drain(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(1 << 20);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
