package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.computeworker.worker.image.qemu.ProcessOutcome;
import org.computeworker.worker.image.qemu.ProcessRunner;

/** Finds and runs the non-qemu tools disks need (mkfs, mkswap, fallocate, scp, rsync): argument vectors only. */
final class ExternalCommand {
    /** mkfs and friends live in sbin, which an unprivileged service's PATH often lacks. */
    private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");
    private static final ProcessRunner RUNNER = new ProcessRunner(Map.of("LC_ALL", "C", "LANG", "C"));

    private ExternalCommand() {
    }

    /** The executable {@code program} on PATH or in an sbin directory. */
    static Optional<Path> find(String program) {
        Set<String> dirs = new LinkedHashSet<>();
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(dir);
            }
        }
        dirs.addAll(SBIN);
        for (String dir : dirs) {
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} and returns its standard output.
     *
     * @throws Failed      naming the command and its error output when it fails or times out
     * @throws IOException when it cannot start at all
     */
    static String run(List<String> command, Duration timeout) throws IOException {
        ProcessOutcome outcome = RUNNER.run(new ArrayList<>(command), timeout);
        if (!outcome.succeeded()) {
            String why = outcome.timedOut() ? "timed out" : "exited with status " + outcome.exitCode();
            throw new Failed(String.join(" ", command) + " " + why + ": " + outcome.stderr().strip(),
                    outcome.timedOut() ? -1 : outcome.exitCode());
        }
        return outcome.stdout();
    }

    /** The command ran but did not succeed; {@code exitCode} is -1 when it timed out. */
    static final class Failed extends IOException {
        private final int exitCode;

        Failed(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
