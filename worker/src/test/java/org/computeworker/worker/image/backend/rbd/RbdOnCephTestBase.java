package org.computeworker.worker.image.backend.rbd;

import static org.computeworker.worker.image.backend.rbd.RbdTestKit.MIB;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class's RBD backend on pool {@code vms} of the run's shared single-node Ceph, with its scratch files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedCephCluster.class)
abstract class RbdOnCephTestBase {
    /** Offsets of random blocks in the test images: the first object, one unaligned, a middle one, the last. */
    static final long[] BLOCKS = {5 * MIB + 123, 40 * MIB, 64 * MIB - RbdTestKit.BLOCK};
    static final long IMAGE_SIZE = 64 * MIB;

    CephTestCluster ceph;
    Path root;
    RbdTestKit kit;
    RbdBackend backend;

    @BeforeAll
    void setUp(CephTestCluster cluster) throws IOException {
        ceph = cluster;
        root = Files.createTempDirectory("cw-rbd-");
        kit = new RbdTestKit(root, ceph);
        backend = kit.backend(ceph.options("vms"));
    }

    @AfterAll
    void tearDown() throws IOException {
        try {
            if (backend != null) {
                backend.close();
            }
        } finally {
            if (root != null) {
                CephTestCluster.deleteTree(root);
            }
        }
    }
}
