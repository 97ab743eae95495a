package org.computeworker.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RabbitMQ node of its own: Debian's rabbitmq-server started on free loopback ports, with its
 * own node name, data directory and epmd port, so it never meets a system broker. Used by tests and
 * by the worker when no transport_url is configured.
 */
public final class PrivateRabbitBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateRabbitBroker.class);
    public static final String INSTALL_HINT = "sudo apt-get install -y rabbitmq-server";
    private static final List<Path> SERVER_SCRIPTS = List.of(
            Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server"),
            Path.of("/usr/lib/rabbitmq/lib/rabbitmq_server-3.10.8/sbin/rabbitmq-server"));

    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final String nodeName;
    private final int amqpPort;
    private final int epmdPort;
    private Process process;
    /** The launcher of a node an earlier process started and left running (see {@link #adopt}). */
    private ProcessHandle adopted;

    private PrivateRabbitBroker(Path dataDir, boolean temporaryDataDir, int amqpPort) {
        this(dataDir, temporaryDataDir, "cw" + UUID.randomUUID().toString().substring(0, 8) + "@localhost", amqpPort,
                freePort());
    }

    private PrivateRabbitBroker(Path dataDir, boolean temporaryDataDir, String nodeName, int amqpPort, int epmdPort) {
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
        this.nodeName = nodeName;
        this.amqpPort = amqpPort;
        this.epmdPort = epmdPort;
    }

    /** Where a running node says who it is, so a later process can find it if its starter died. */
    private static final String NODE_FILE = "node.properties";

    /**
     * The node an earlier process started under {@code dataDir} and never stopped (it was killed or
     * crashed), when it still runs and answers AMQP; it is then this object's to stop. Taking it over
     * keeps what it holds (messages that process had not acknowledged are delivered again) and
     * leaves no orphan broker behind.
     */
    public static java.util.Optional<PrivateRabbitBroker> adopt(Path dataDir) {
        Path file = dataDir.resolve(NODE_FILE);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            long pid = Long.parseLong(p.getProperty("pid"));
            PrivateRabbitBroker node = new PrivateRabbitBroker(dataDir, false, p.getProperty("node"),
                    Integer.parseInt(p.getProperty("amqp_port")), Integer.parseInt(p.getProperty("epmd_port")));
            java.util.Optional<ProcessHandle> launcher = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (launcher.isEmpty() || !node.amqpAnswers()) {
                Files.deleteIfExists(file);
                return java.util.Optional.empty();
            }
            node.adopted = launcher.get();
            LOG.info("taking over private RabbitMQ node {} on 127.0.0.1:{}, left running by an earlier process",
                    node.nodeName, node.amqpPort);
            return java.util.Optional.of(node);
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring {}: {}", file, e.toString());
            return java.util.Optional.empty();
        }
    }

    private void writeNodeFile() throws IOException {
        Files.writeString(dataDir.resolve(NODE_FILE), String.join("\n", "node=" + nodeName,
                "pid=" + process.pid(), "amqp_port=" + amqpPort, "epmd_port=" + epmdPort, ""), StandardCharsets.UTF_8);
    }

    /** Whether a rabbitmq-server this class can start is installed. */
    public static boolean isInstalled() {
        return serverScript() != null;
    }

    private static Path serverScript() {
        for (Path p : SERVER_SCRIPTS) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Starts a node on a free port, its data in a fresh temporary directory removed on close. */
    public static PrivateRabbitBroker start() {
        try {
            return launchNew(Files.createTempDirectory("private-rabbit-"), true, freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a node with its data under {@code dataDir}, listening on 127.0.0.1:{@code port}. */
    public static PrivateRabbitBroker start(Path dataDir, int port) {
        return launchNew(dataDir, false, port);
    }

    private static PrivateRabbitBroker launchNew(Path dataDir, boolean temporary, int port) {
        if (!isInstalled()) {
            throw new IllegalStateException("RabbitMQ is not installed: no rabbitmq-server under /usr/lib/rabbitmq. "
                    + "Install it with: " + INSTALL_HINT);
        }
        PrivateRabbitBroker broker = new PrivateRabbitBroker(dataDir, temporary, port);
        broker.launch(Duration.ofSeconds(90));
        return broker;
    }

    private void launch(Duration deadline) {
        try {
            Files.createDirectories(dataDir.resolve("mnesia"));
            Files.createDirectories(dataDir.resolve("log"));
            Files.writeString(dataDir.resolve("rabbitmq.conf"), String.join("\n",
                    "listeners.tcp.1 = 127.0.0.1:" + amqpPort,
                    "loopback_users = none",
                    // A test broker on a busy 2-core machine must not refuse publishers.
                    "disk_free_limit.absolute = 50MB",
                    "vm_memory_high_watermark.relative = 0.6",
                    ""), StandardCharsets.UTF_8);
            Files.writeString(dataDir.resolve("enabled_plugins"), "[].\n", StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(serverScript().toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.put("HOME", dataDir.toString());
            env.put("RABBITMQ_NODENAME", nodeName);
            env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
            env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
            env.put("RABBITMQ_DIST_PORT", Integer.toString(freePort()));
            env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
            env.put("RABBITMQ_MNESIA_BASE", dataDir.resolve("mnesia").toString());
            env.put("RABBITMQ_LOG_BASE", dataDir.resolve("log").toString());
            env.put("RABBITMQ_LOGS", dataDir.resolve("log/rabbit.log").toString());
            env.put("RABBITMQ_CONFIG_FILE", dataDir.resolve("rabbitmq").toString());
            env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dataDir.resolve("enabled_plugins").toString());
            env.put("RABBITMQ_PID_FILE", dataDir.resolve("rabbit.pid").toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(dataDir.resolve("log/console.log").toFile());
            process = pb.start();
            LOG.info("starting private RabbitMQ node {} on 127.0.0.1:{} (data in {})", nodeName, amqpPort, dataDir);
            waitForAmqp(deadline);
            writeNodeFile();
            LOG.info("private RabbitMQ node {} is up: {}", nodeName, url());
        } catch (IOException e) {
            stopProcess();
            throw new UncheckedIOException("could not start rabbitmq-server", e);
        }
    }

    private void waitForAmqp(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rabbitmq-server exited with " + process.exitValue()
                        + " during start; see " + dataDir.resolve("log"));
            }
            if (amqpAnswers()) {
                return;
            }
            sleep(200);
        }
        stopProcess();
        throw new IllegalStateException("rabbitmq-server did not open 127.0.0.1:" + amqpPort + " within " + deadline);
    }

    /** A listener that accepts the AMQP protocol header and answers with Connection.Start. */
    private boolean amqpAnswers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", amqpPort), 500);
            s.setSoTimeout(2000);
            s.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            return s.getInputStream().read() == 1; // frame type METHOD
        } catch (IOException e) {
            return false;
        }
    }

    public String url() {
        return "amqp://guest:guest@127.0.0.1:" + amqpPort;
    }

    /** The same address in oslo.messaging's transport_url spelling. */
    public String transportUrl() {
        return "rabbit://guest:guest@127.0.0.1:" + amqpPort + "/";
    }

    /** The broker's processes (the launcher and what it started), for resource accounting. */
    public java.util.List<Long> pids() {
        ProcessHandle launcher = process != null ? process.toHandle() : adopted;
        if (launcher == null) {
            return java.util.List.of();
        }
        java.util.List<Long> pids = new ArrayList<>();
        pids.add(launcher.pid());
        launcher.descendants().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    public int port() {
        return amqpPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the node abruptly (as a crash would) and starts it again on the same port and data. */
    public void restart() {
        stopProcess();
        launch(Duration.ofSeconds(90));
    }

    @Override
    public void close() {
        stopProcess();
        if (temporaryDataDir) {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}", root, e);
        }
    }

    private void stopProcess() {
        ProcessHandle launcher = process != null ? process.toHandle() : adopted;
        if (launcher == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(launcher.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        launcher.destroy();
        for (ProcessHandle h : concat(launcher, tree)) {
            h.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(t -> {
                h.destroyForcibly();
                return h;
            }).join();
        }
        killEpmd();
        try {
            Files.deleteIfExists(dataDir.resolve(NODE_FILE));
        } catch (IOException e) {
            LOG.debug("could not remove {}", dataDir.resolve(NODE_FILE), e);
        }
        process = null;
        adopted = null;
    }

    private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
        List<ProcessHandle> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** The node started its own epmd on a private port; it outlives the node unless told to stop. */
    private void killEpmd() {
        try {
            Process p = new ProcessBuilder("epmd", "-port", Integer.toString(epmdPort), "-kill")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.debug("epmd -kill failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rabbitmq-server", e);
        }
    }
}
