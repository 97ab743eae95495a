package org.computeworker.worker.image.backend.rbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;

/**
 * A cluster that does not answer makes disk operations fail in seconds with an error that says so, instead of
 * librados' defaults (a 300 s connect, operations that wait forever): monitors nobody listens on, and a cluster
 * stopped under a connected client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("ceph")
class RbdDeadClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private CephTestCluster ceph;
    private Path root;
    private RbdTestKit kit;

    @BeforeAll
    void startCeph() throws IOException {
        ceph = CephTestCluster.start();
        root = Files.createTempDirectory("cw-rbd-dead-");
        kit = new RbdTestKit(root, ceph);
    }

    @AfterAll
    void stopCeph() throws IOException {
        try {
            if (ceph != null) {
                ceph.close();
            }
        } finally {
            if (root != null) {
                CephTestCluster.deleteTree(root);
            }
        }
    }

    @Test
    @Order(1)
    void monitorsThatDoNotAnswerFailWithinTheConnectTimeout() throws IOException {
        // the real cluster's conf and keyring, with monitor ports that nothing listens on
        Path conf = Files.createDirectories(root.resolve("nowhere")).resolve("ceph.conf");
        Files.writeString(conf, Files.readString(ceph.conf).replaceAll("mon_host = .*",
                "mon_host = [v2:127.0.0.1:" + closedPort() + ",v1:127.0.0.1:" + closedPort() + "]"));
        RbdOptions options = RbdOptions.of("vms", conf, CephTestCluster.USER).withTimeouts(TIMEOUT, TIMEOUT);
        try (RbdBackend backend = kit.backend(options)) {
            InstanceDisk disk = backend.disk(RbdTestKit.instance(), "disk");
            for (int attempt = 1; attempt <= 2; attempt++) { // a failed connect is retried by the next call
                long start = System.nanoTime();
                CephException e = assertThrows(CephException.class, disk::exists);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("dead monitors: attempt %d failed after %.2f s: %s%n", attempt, seconds,
                        e.getMessage());
                assertTrue(e.isTimeout(), e.getMessage());
                assertTrue(e.getMessage().contains("cannot connect to the Ceph cluster of " + conf), e.getMessage());
                assertTrue(seconds >= TIMEOUT.toSeconds() - 0.5 && seconds < TIMEOUT.toSeconds() + 5,
                        "failed after " + seconds + " s");
            }
        }
    }

    @Test
    @Order(2)
    void concurrentCallersShareOneFailedConnectInsteadOfQueueingForTheirOwn() throws Exception {
        Path conf = Files.createDirectories(root.resolve("nowhere-either")).resolve("ceph.conf");
        Files.writeString(conf, Files.readString(ceph.conf).replaceAll("mon_host = .*",
                "mon_host = 127.0.0.1:" + closedPort()));
        RbdOptions options = RbdOptions.of("vms", conf, CephTestCluster.USER).withTimeouts(TIMEOUT, TIMEOUT);
        ExecutorService spawns = Executors.newFixedThreadPool(8);
        try (RbdBackend backend = kit.backend(options)) {
            long start = System.nanoTime();
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                InstanceDisk disk = backend.disk(RbdTestKit.instance(), "disk");
                results.add(spawns.submit(disk::exists));
            }
            for (Future<Boolean> result : results) {
                ExecutionException e = assertThrows(ExecutionException.class, result::get);
                assertInstanceOf(CephException.class, e.getCause());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("dead monitors, 8 concurrent callers: all failed after %.2f s%n", seconds);
            assertTrue(seconds < 2 * TIMEOUT.toSeconds() + 3, "8 callers took " + seconds + " s, not 8 timeouts");
        } finally {
            spawns.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void aClusterStoppedUnderAConnectedClientFailsWithinTheOperationTimeout() throws IOException {
        try (RbdBackend backend = kit.backend(ceph.options("vms").withTimeouts(TIMEOUT, TIMEOUT))) {
            InstanceDisk disk = backend.disk(RbdTestKit.instance(), "disk");
            kit.templates.swap(16).applyTo(disk);
            assertEquals(16L << 20, disk.virtualSize());

            ceph.stop();

            long start = System.nanoTime();
            CephException e = assertThrows(CephException.class, disk::virtualSize);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("stopped cluster: operation failed after %.2f s: %s%n", seconds, e.getMessage());
            assertTrue(e.isTimeout(), e.getMessage());
            assertTrue(seconds < TIMEOUT.toSeconds() + 5, "failed after " + seconds + " s");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
