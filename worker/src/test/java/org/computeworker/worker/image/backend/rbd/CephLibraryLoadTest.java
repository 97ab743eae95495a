package org.computeworker.worker.image.backend.rbd;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.ceph.rados.Rados;
import org.junit.jupiter.api.Test;

/**
 * librados' static initialisers overflowed the 512 KiB stacks of deploy/compute-worker (-Xss512k) and killed the
 * worker at its first Ceph call; the libraries are loaded on a thread of their own. A regression crashes the fork.
 */
class CephLibraryLoadTest {

    @Test
    void theCephLibrariesLoadFromAThreadWithASmallStack() throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread small = new Thread(null, () -> {
            try {
                CephCluster.loadNativeLibraries();
                Rados client = new Rados("admin"); // rados_create: no cluster needed
                client.shutDown();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        assertNull(failure[0]);
    }
}
