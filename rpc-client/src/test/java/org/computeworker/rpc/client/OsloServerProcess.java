package org.computeworker.rpc.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real oslo.messaging RPC server (test resource interop/oslo_rpc_server.py) run with Debian's python3. */
final class OsloServerProcess implements AutoCloseable {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String INSTALL_HINT = "apt-get install -y python3-nova python3-oslo.messaging";

    private final Process process;
    private final Path log;

    private OsloServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Why this machine cannot run the server, or null when it can. */
    static String missingPrerequisite() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is missing";
        }
        Process check = new ProcessBuilder(PYTHON.toString(), "-c",
                "import oslo_messaging, nova.rpc, nova.objects, nova.compute.manager, nova.conductor.manager")
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
            return PYTHON + " cannot import nova and oslo.messaging: " + output.strip();
        }
        return null;
    }

    static OsloServerProcess start(String transportUrl, String exchange, String host) throws Exception {
        Path script = Files.createTempFile("oslo_rpc_server", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = OsloServerProcess.class.getResourceAsStream("/interop/oslo_rpc_server.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = Path.of("target", "oslo-rpc-server-" + host + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), transportUrl, exchange, host)
                .redirectError(log.toFile()).start();
        OsloServerProcess server = new OsloServerProcess(p, log);
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> waitForReady(p));
        try {
            if (!ready.get(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the oslo server exited before serving; see " + server.logText());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            server.close();
            throw new IllegalStateException("the oslo server did not start in 90 s; see " + server.logText());
        }
        return server;
    }

    private static boolean waitForReady(Process p) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("READY")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    String logText() {
        try {
            return log + ":\n" + Files.readString(log);
        } catch (IOException e) {
            return log.toString();
        }
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close(); // the server stops when its stdin closes
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
