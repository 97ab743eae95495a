package org.computeworker.worker.dispatch;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on a bounded pool so that tasks with the same key (an instance uuid) run one at a
 * time in submission order, while different keys run concurrently. A key's queued tasks drain on
 * one pool thread without a hand-off between them. Tasks without a key run unordered.
 */
public final class KeyedSerialExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final Map<String, ArrayDeque<Runnable>> queues = new HashMap<>();
    private volatile boolean stopping;

    public KeyedSerialExecutor(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                factory);
    }

    public void submit(String key, Runnable task) {
        if (key == null) {
            pool.execute(task);
            return;
        }
        synchronized (queues) {
            ArrayDeque<Runnable> queue = queues.get(key);
            if (queue != null) {
                queue.add(task); // the drainer already running for this key will pick it up
                return;
            }
            queue = new ArrayDeque<>();
            queue.add(task);
            queues.put(key, queue);
        }
        pool.execute(() -> drain(key));
    }

    private void drain(String key) {
        while (true) {
            Runnable next;
            synchronized (queues) {
                ArrayDeque<Runnable> queue = queues.get(key);
                next = stopping ? null : queue.poll();
                if (next == null) {
                    queues.remove(key);
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }

    /** Tasks queued for keys (not yet started). */
    public int queued() {
        synchronized (queues) {
            return queues.values().stream().mapToInt(ArrayDeque::size).sum();
        }
    }

    /**
     * Lets running tasks finish for up to {@code timeoutMillis}; tasks not yet started are dropped
     * (their messages stay journaled and run after the restart). Returns how many were dropped.
     */
    public int shutdown(long timeoutMillis) throws InterruptedException {
        int dropped;
        synchronized (queues) {
            stopping = true;
            dropped = queued();
        }
        List<Runnable> notStarted = new ArrayList<>();
        pool.getQueue().drainTo(notStarted);
        pool.shutdown(); // no interrupts: running operations finish
        pool.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        return dropped + notStarted.size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
