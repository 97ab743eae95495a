package org.computeworker.worker.virt.libvirt;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.errors.NovaException;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.event.ConnectionCloseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one libvirt connection of a URI (nova's host.Host): opened lazily after the event loop runs,
 * replaced by a new connection when libvirtd closes it or a call finds its socket closed, and the
 * source of guest lifecycle events for a {@link LifecycleEventListener}.
 *
 * <p>Every open, listener registration and close happens on one "libvirt-connection" thread,
 * because libvirt-java keeps its listener tables in plain HashMaps; libvirt's loop thread only
 * hands events over to the "libvirt-events" thread and never waits for anything.
 */
public final class LibvirtHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtHost.class);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);
    private static final long MAX_RETRY_DELAY_MS = 30_000;

    /** A libvirt call that may fail with a LibvirtException. */
    @FunctionalInterface
    public interface LibvirtCall<T> {
        T apply(Connect connection) throws LibvirtException;
    }

    private final String uri;
    private final LifecycleEventListener listener;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(
            daemon("libvirt-connection"));
    private final ExecutorService events = Executors.newSingleThreadExecutor(daemon("libvirt-events"));
    /** Written only on the connector thread. */
    private volatile Connect current;
    private volatile boolean closed;
    /** Connector thread only: the listener registered on {@link #current}. */
    private LifecycleTranslator translator;
    /** Connector thread only: a connection was lost, so the next open is a reconnection. */
    private boolean lost;
    private boolean reconnecting;

    public LibvirtHost(String uri, LifecycleEventListener listener) {
        this.uri = uri;
        this.listener = listener;
    }

    public String uri() {
        return uri;
    }

    /**
     * Runs {@code op} on the connection. When it fails because the connection is gone, the
     * connection is replaced and {@code op} runs once more on the new one.
     */
    public <T> T call(LibvirtCall<T> op) throws LibvirtException {
        Connect connection = connection();
        try {
            return op.apply(connection);
        } catch (LibvirtException e) {
            if (!LibvirtErrors.connectionBroken(e)) {
                throw e;
            }
            LOG.warn("libvirt connection to {} is broken ({}); reconnecting", uri, LibvirtErrors.describe(e));
            onConnector(() -> drop(connection, "call failed: " + LibvirtErrors.describe(e)));
            return op.apply(connection());
        }
    }

    /** The open connection, opening one first when there is none (HypervisorUnavailable if it cannot). */
    public Connect connection() {
        if (closed) {
            throw new IllegalStateException("libvirt host " + uri + " is closed");
        }
        Connect connection = current;
        return connection != null ? connection : onConnector(this::openIfNeeded);
    }

    /** Whether a connection is open now (it may still turn out to be dead at the next call). */
    public boolean isConnected() {
        return current != null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            connector.submit(() -> drop(current, null)).get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("closing the libvirt connection to {} failed: {}", uri, e.toString());
        }
        connector.shutdownNow();
        events.shutdown();
    }

    // ---- connector thread only -------------------------------------------------------------

    private Connect openIfNeeded() {
        if (current != null) {
            return current;
        }
        try {
            LibvirtEventLoop.ensureRunning();
            Connect connection = new Connect(uri);
            connection.registerCloseListener((conn, reason) -> onClosedByLibvirt(conn, reason));
            translator = new LifecycleTranslator(uri, this::deliver);
            connection.addLifecycleListener(translator);
            current = connection;
            LOG.info("connected to libvirt at {}", uri);
            if (lost) {
                lost = false;
                events.execute(listener::onReconnected);
            }
            return connection;
        } catch (LibvirtException e) {
            throw hypervisorUnavailable(e);
        }
    }

    private Void drop(Connect connection, String reason) {
        if (connection == null || connection != current) {
            return null;
        }
        current = null;
        try {
            connection.unregisterCloseListener();
            connection.removeLifecycleListener(translator);
        } catch (LibvirtException | RuntimeException ignored) {
            // A dead connection cannot unregister anything; closing it below is what matters.
        }
        try {
            connection.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("closing a dead libvirt connection: {}", e.toString());
        }
        if (reason != null && !closed) {
            lost = true;
            events.execute(() -> listener.onDisconnected(reason));
            scheduleReconnect(1000);
        }
        return null;
    }

    /** Keeps trying to reconnect so that events flow again even when nobody calls libvirt. */
    private void scheduleReconnect(long delayMs) {
        if (reconnecting || closed) {
            return;
        }
        reconnecting = true;
        connector.schedule(() -> {
            reconnecting = false;
            if (closed || current != null) {
                return;
            }
            try {
                openIfNeeded();
            } catch (NovaException e) {
                LOG.debug("libvirt at {} is still unavailable: {}", uri, e.getMessage());
                scheduleReconnect(Math.min(delayMs * 2, MAX_RETRY_DELAY_MS));
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    // ---- libvirt's loop thread: hand over and return ----------------------------------------

    private void onClosedByLibvirt(Connect connection, ConnectionCloseReason reason) {
        if (!closed) {
            connector.execute(() -> drop(connection, "libvirt closed the connection: " + reason));
        }
    }

    private void deliver(LifecycleEvent event) {
        if (!closed) {
            events.execute(() -> {
                try {
                    listener.onLifecycle(event);
                } catch (RuntimeException e) {
                    LOG.warn("lifecycle listener failed on {}: {}", event, e.toString());
                }
            });
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private <T> T onConnector(java.util.concurrent.Callable<T> task) {
        try {
            return connector.submit(task).get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NovaErrors.hypervisorUnavailable();
        } catch (TimeoutException e) {
            LOG.error("no libvirt connection to {} within {}", uri, OPEN_TIMEOUT);
            throw NovaErrors.hypervisorUnavailable();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private NovaException hypervisorUnavailable(LibvirtException e) {
        LOG.error("cannot connect to libvirt at {}: {}", uri, LibvirtErrors.describe(e));
        NovaException unavailable = NovaErrors.hypervisorUnavailable();
        return new NovaException(unavailable.pythonClass(), unavailable.code(), unavailable.getMessage(),
                unavailable.kwargs(), e);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
