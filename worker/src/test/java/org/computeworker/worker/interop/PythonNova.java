package org.computeworker.worker.interop;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.computeworker.messages.Json;

/**
 * One Python process running nova's own code (Debian's python3-nova with /usr/bin/python3; the
 * first python3 on PATH may be another interpreter without nova) from the scripts in test
 * resources {@code interop/}. Its stdout is read line by line as it comes; its stderr goes to a
 * file that failure messages quote. {@link #close()} kills it if it still runs.
 */
final class PythonNova implements AutoCloseable {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String INSTALL_HINT = "apt-get install -y python3-nova python3-oslo.messaging";
    private static final List<String> SCRIPTS = List.of("nova_peer.py", "compute_api_steps.py", "resize_flow.py",
            "notification_listener.py");

    private final String name;
    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private PythonNova(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::readStdout, "python-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Fails (never skips) when Debian's Python cannot import nova and oslo.messaging. */
    static void requireNova() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: these interop tests run nova's own Python code. Install it: " + INSTALL_HINT);
        }
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import nova, oslo_messaging")
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
            check.destroyForcibly();
            fail(PYTHON + " -c 'import nova, oslo_messaging' failed (" + out.strip() + "). These interop tests run "
                    + "nova's own Python code; install it: " + INSTALL_HINT);
        }
    }

    /**
     * Copies the interop scripts into a fresh directory (they import each other from there, and
     * write their nova.conf and stderr there); it is deleted when the JVM exits.
     */
    static Path scripts() throws IOException {
        Path dir = Files.createTempDirectory("nova-interop-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        for (String script : SCRIPTS) {
            try (InputStream in = PythonNova.class.getResourceAsStream("/interop/" + script)) {
                if (in == null) {
                    throw new IllegalStateException("test resource interop/" + script + " is missing");
                }
                Files.copy(in, dir.resolve(script));
            }
        }
        return dir;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    static PythonNova start(Path scripts, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-u", scripts.resolve(script).toString()));
        command.addAll(List.of(args));
        Path err = scripts.resolve(script.replace(".py", "") + "-" + System.nanoTime() + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(command).directory(scripts.toFile()).redirectError(err.toFile());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        return new PythonNova(script, p, err);
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed: what was read stays
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits for a stdout line matching {@code test}; fails, quoting stderr, on timeout or exit. */
    String awaitLine(Predicate<String> test, String what, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (test.test(line)) {
                        return line;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    fail(name + ": no " + what + " within " + timeout.toSeconds() + " s (process "
                            + (process.isAlive() ? "still running" : "exited with " + process.exitValue()) + ")\n"
                            + diagnostics());
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
        }
    }

    /** Waits for the process to exit by itself; kills it and fails on timeout or a non-zero exit. */
    void awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            fail(name + " did not finish within " + timeout.toSeconds() + " s; killed\n" + diagnostics());
        }
        reader.join(5_000);
        if (process.exitValue() != 0) {
            fail(name + " exited with " + process.exitValue() + "\n" + diagnostics());
        }
    }

    /** The 'REPORT {json}' line the driver scripts print last. */
    JsonNode report() {
        return lines().stream().filter(l -> l.startsWith("REPORT ")).reduce((a, b) -> b)
                .map(l -> Json.parse(l.substring("REPORT ".length()).getBytes(StandardCharsets.UTF_8)))
                .orElseGet(() -> fail(name + " printed no report\n" + diagnostics()));
    }

    /** Closes stdin: the listener's signal to stop and print what it has. */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** stderr (the tail) and stdout, for failure messages. */
    String diagnostics() {
        String err = stderr();
        if (err.length() > 12_000) {
            err = "..." + err.substring(err.length() - 12_000);
        }
        List<String> out = lines();
        String stdout = String.join("\n", out.size() > 40 ? out.subList(out.size() - 40, out.size()) : out);
        if (stdout.length() > 6_000) {
            stdout = "..." + stdout.substring(stdout.length() - 6_000);
        }
        return "--- " + name + " stderr (" + stderr + ") ---\n" + err + "\n--- " + name + " stdout ---\n" + stdout;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
