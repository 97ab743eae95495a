package org.computeworker.worker.image.backend.rbd;

import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rados.exceptions.RadosException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's one librados client: connected on first use with bounded waits (a dead cluster fails in seconds,
 * not librados' default 300 s connect and endless ops), shared by all threads (librados handles are thread-safe),
 * and handing out an I/O context per call that is always destroyed afterwards.
 */
final class CephCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CephCluster.class);

    /** Work done with an open I/O context of one pool. */
    @FunctionalInterface
    interface PoolCall<T> {
        T apply(IoCTX ioctx) throws Exception;
    }

    private static final long NATIVE_LOAD_STACK_BYTES = 8L << 20;
    private static final Object NATIVE_LOAD = new Object();
    private static boolean nativeLoaded;

    private final RbdOptions options;
    /** Calls hold it shared; close holds it exclusively, so the handle is never shut down under a running call. */
    private final ReadWriteLock inUse = new ReentrantReadWriteLock();
    private final Object connecting = new Object();
    private volatile Rados rados;
    private CephException lastConnectFailure;
    private long lastConnectFailureAt;
    private boolean closed;

    CephCluster(RbdOptions options) {
        this.options = options;
    }

    RbdOptions options() {
        return options;
    }

    /** Runs {@code call} with an I/O context on {@code pool}; {@code what} names the operation in errors. */
    <T> T inPool(String pool, String what, PoolCall<T> call) {
        inUse.readLock().lock();
        try {
            Rados client = connected();
            IoCTX ioctx;
            try {
                ioctx = client.ioCtxCreate(pool);
            } catch (RadosException e) {
                throw CephException.of(what + ": cannot open pool " + pool + " as " + options.entity(), e);
            }
            try (ioctx) {
                return call.apply(ioctx);
            } catch (RuntimeException e) {
                throw e; // ours (CephException, nova errors) already say what failed
            } catch (Exception e) {
                throw CephException.of(what, e);
            }
        } finally {
            inUse.readLock().unlock();
        }
    }

    /** Runs {@code call} on the connected client handle (fsid, configuration, monitor commands). */
    <T> T onClient(String what, ClientCall<T> call) {
        inUse.readLock().lock();
        try {
            return call.apply(connected());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw CephException.of(what, e);
        } finally {
            inUse.readLock().unlock();
        }
    }

    /** Work done with the client handle. */
    @FunctionalInterface
    interface ClientCall<T> {
        T apply(Rados rados) throws Exception;
    }

    @Override
    public void close() {
        inUse.writeLock().lock();
        try {
            synchronized (connecting) {
                closed = true;
                if (rados != null) {
                    rados.shutDown();
                    rados = null;
                }
            }
        } finally {
            inUse.writeLock().unlock();
        }
    }

    private Rados connected() {
        Rados client = rados;
        if (client != null) {
            return client;
        }
        long askedAt = System.nanoTime();
        synchronized (connecting) {
            if (closed) {
                throw new IllegalStateException("the Ceph client of this backend is closed");
            }
            if (rados != null) {
                return rados;
            }
            // Callers that queued behind a failed attempt share its verdict instead of each waiting out the timeout.
            if (lastConnectFailure != null && lastConnectFailureAt - askedAt >= 0) {
                throw lastConnectFailure;
            }
            try {
                rados = connect();
                lastConnectFailure = null;
                return rados;
            } catch (CephException e) {
                lastConnectFailure = e;
                lastConnectFailureAt = System.nanoTime();
                throw e;
            }
        }
    }

    private Rados connect() {
        long start = System.nanoTime();
        loadNativeLibraries();
        Rados client = new Rados(options.user());
        try {
            client.confReadFile(options.effectiveCephConf().toFile());
            // On this handle only: the shared ceph.conf also configures QEMU's librbd, where a timeout would turn a
            // cluster hiccup into guest I/O errors.
            client.confSet("client_mount_timeout", seconds(options.connectTimeout().toSeconds()));
            client.confSet("rados_osd_op_timeout", seconds(options.opTimeout().toSeconds()));
            client.confSet("rados_mon_op_timeout", seconds(options.opTimeout().toSeconds()));
            client.connect();
            LOG.debug("Connected to Ceph as {} ({}) in {} ms", options.entity(), options.effectiveCephConf(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return client;
        } catch (IOException | RuntimeException e) {
            client.shutDown();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            throw CephException.of("cannot connect to the Ceph cluster of " + options.effectiveCephConf() + " as "
                    + options.entity() + " (gave up after " + millis + " ms; [libvirt] rbd_connect_timeout = "
                    + options.connectTimeout().toSeconds() + " s)", e);
        }
    }

    /**
     * Loads librados and librbd (JNA, when rados-java's Library classes initialise) on a thread of its own: their
     * static initialisers need about 1 MiB of stack (900 KiB overflowed here, 512 KiB killed the worker), which is
     * all a thread has by default and more than an operator's smaller -Xss leaves; an overflow there kills the JVM.
     * Calls into the loaded libraries need far less.
     */
    static void loadNativeLibraries() {
        synchronized (NATIVE_LOAD) {
            if (nativeLoaded) {
                return;
            }
            Throwable[] failure = new Throwable[1];
            Thread loader = new Thread(null, () -> {
                try {
                    Class.forName("com.ceph.rados.Library", true, CephCluster.class.getClassLoader());
                    Class.forName("com.ceph.rbd.Library", true, CephCluster.class.getClassLoader());
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "ceph-library-load", NATIVE_LOAD_STACK_BYTES);
            loader.start();
            boolean interrupted = false;
            while (true) {
                try {
                    loader.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure[0] instanceof Error error) {
                throw error; // e.g. UnsatisfiedLinkError without librados2/librbd1, as before
            }
            if (failure[0] != null) {
                throw new IllegalStateException("cannot load rados-java: " + failure[0], failure[0]);
            }
            nativeLoaded = true;
        }
    }

    private static String seconds(long s) {
        return Long.toString(s);
    }
}
