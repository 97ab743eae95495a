package org.computeworker.worker.placement;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.OptionReader;

/**
 * OpenStack Placement itself (Debian's python3-placement), started from
 * test resources {@code placement/placement_server.py} on a free loopback port with a fresh
 * SQLite database and noauth2. One server serves the whole test JVM; tests keep apart by using
 * fresh uuids. Its access log (one line per request, "PUT /path 200") shows what a client sent.
 */
final class RealPlacement {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String INSTALL_HINT = "apt-get install -y python3-placement";
    private static RealPlacement shared;

    private final Process process;
    private final Path dir;
    private final int port;
    private final List<String> access = new ArrayList<>();

    private RealPlacement(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The JVM's placement, started on first use; fails (never skips) when python3-placement is missing. */
    static synchronized RealPlacement shared() throws Exception {
        if (shared == null) {
            requirePlacement();
            shared = start();
            RealPlacement started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return shared;
    }

    private static void requirePlacement() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: these tests run OpenStack Placement. Install it: " + INSTALL_HINT);
        }
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import placement.wsgi, placement.cmd.manage")
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
            check.destroyForcibly();
            fail(PYTHON + " cannot import placement (" + out.strip() + "). These tests run OpenStack Placement;"
                    + " install it: " + INSTALL_HINT);
        }
    }

    private static RealPlacement start() throws Exception {
        Path dir = Files.createTempDirectory("placement-");
        Path script = dir.resolve("placement_server.py");
        try (InputStream in = RealPlacement.class.getResourceAsStream("/placement/placement_server.py")) {
            if (in == null) {
                throw new IllegalStateException("test resource placement/placement_server.py is missing");
            }
            Files.copy(in, script);
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-u", script.toString(), dir.toString())
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine(); // blocks until the server listens or the process ends
        if (first == null || !first.startsWith("LISTENING ")) {
            p.waitFor(10, TimeUnit.SECONDS);
            String err = Files.readString(dir.resolve("stderr.txt"));
            p.destroyForcibly();
            fail("placement did not start (" + (p.isAlive() ? "running" : "exit " + p.exitValue()) + "), first line '"
                    + first + "'\n--- stderr ---\n" + err);
        }
        RealPlacement placement = new RealPlacement(p, dir, Integer.parseInt(first.substring(10).strip()));
        Thread reader = new Thread(() -> placement.readAccessLog(out), "placement-access-log");
        reader.setDaemon(true);
        reader.start();
        return placement;
    }

    private void readAccessLog(BufferedReader out) {
        try (out) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ACCESS ")) {
                    synchronized (access) {
                        access.add(line.substring(7));
                        access.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the server was stopped
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** nova.conf as a compute host would have it for this placement, noauth2's admin token included. */
    OptionReader novaConf(String extra) {
        return new OptionReader(OsloConfigFile.parse("[placement]\nauth_type = admin_token\nendpoint = " + url()
                + "\ntoken = admin\n" + extra));
    }

    /** A report client configured from nova.conf for this placement, with an empty cache. */
    PlacementClient client() {
        return PlacementClient.open(PlacementOptions.read(novaConf("")));
    }

    /** A position in the access log, for {@link #since}: after every request answered so far. */
    int mark() throws Exception {
        awaitMarker();
        synchronized (access) {
            return access.size();
        }
    }

    /**
     * Requests served after {@code mark}, as "METHOD /path STATUS". wsgiref logs a request just
     * after answering it, so a marker request is sent and awaited first: everything answered
     * before it has been logged by then (marker requests themselves are left out).
     */
    List<String> since(int mark) throws Exception {
        return trace(mark).stream().map(l -> l.substring(0, l.lastIndexOf(' '))).toList();
    }

    /** As {@link #since}, each line ending with the microversion asked for: "placement=1.14", or "-" for none. */
    List<String> trace(int mark) throws Exception {
        awaitMarker();
        synchronized (access) {
            return access.subList(mark, access.size()).stream().filter(l -> !l.contains("marker=")).toList();
        }
    }

    private void awaitMarker() throws Exception {
        String marker = "/?marker=" + UUID.randomUUID();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + marker)).build(),
                HttpResponse.BodyHandlers.discarding());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (access) {
            while (access.stream().noneMatch(l -> l.contains(marker))) {
                if (System.nanoTime() > end) {
                    fail("placement's access log never showed " + marker + "\n" + access);
                }
                access.wait(50);
            }
        }
    }

    /** How many of the requests since {@code mark} had this method and a path containing {@code pathPart}. */
    long count(int mark, String method, String pathPart) throws Exception {
        return since(mark).stream().filter(l -> l.startsWith(method + " ") && l.contains(pathPart)).count();
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
