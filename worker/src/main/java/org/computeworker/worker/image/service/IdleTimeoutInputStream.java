package org.computeworker.worker.image.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A read timeout for a response body: java.net.http bounds only the wait for headers, so a
 * watchdog closes the stream when no byte has arrived for the idle limit, and the blocked
 * reader then gets an {@link HttpTimeoutException} (a retryable I/O failure).
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "image-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final long idleNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean timedOut;

    IdleTimeoutInputStream(InputStream in, Duration idle) {
        super(in);
        this.idleNanos = idle.toNanos();
        long period = Math.max(10, idle.toMillis() / 4);
        this.check = WATCHDOG.scheduleAtFixedRate(this::closeIfIdle, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw timedOut ? timeout(e) : e;
        }
        if (timedOut) {
            throw timeout(null);
        }
        lastProgress = System.nanoTime();
        return n;
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }

    private void closeIfIdle() {
        if (System.nanoTime() - lastProgress < idleNanos) {
            return;
        }
        timedOut = true;
        check.cancel(false);
        try {
            in.close();
        } catch (IOException ignored) {
            // The reader learns of the timeout from the flag; the close error adds nothing.
        }
    }

    private HttpTimeoutException timeout(IOException cause) {
        HttpTimeoutException e = new HttpTimeoutException(
                "no image data received for " + Duration.ofNanos(idleNanos).toMillis() + " ms");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
