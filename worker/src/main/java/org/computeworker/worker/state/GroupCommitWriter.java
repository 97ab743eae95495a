package org.computeworker.worker.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches small writes from many threads into one SQLite transaction (group commit): under load a
 * commit carries hundreds of writes, at rest it carries one. Each write's future completes after
 * its transaction committed, in submission order, on the writer thread.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCH = 512;

    private final Database db;
    private final BlockingQueue<Write<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    private volatile io.micrometer.core.instrument.DistributionSummary batchSizes;
    private volatile io.micrometer.core.instrument.Timer commits;

    public GroupCommitWriter(Database db) {
        this.db = db;
        this.thread = new Thread(this::loop, "journal-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A write: runs inside the batch transaction; its result completes the future after commit. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Reports commit times and batch sizes (how much group commit saves) to {@code registry}. */
    public void instrument(io.micrometer.core.instrument.MeterRegistry registry) {
        batchSizes = io.micrometer.core.instrument.DistributionSummary.builder("compute_worker.state.commit.batch")
                .description("Writes carried by one state-database commit").register(registry);
        commits = io.micrometer.core.instrument.Timer.builder("compute_worker.state.commit")
                .description("Time to write and commit one batch to the state database").register(registry);
    }

    /** Queues a write; the future completes on the writer thread after its batch committed. */
    public <T> CompletableFuture<T> submit(Work<T> work) {
        return submit(work, null);
    }

    /**
     * Queues a write whose {@code onCommit} runs on the writer thread right after its batch
     * committed (or failed), in submission order: unlike a future's callback it can never run
     * early on the submitting thread.
     */
    public <T> CompletableFuture<T> submit(Work<T> work, BiConsumer<T, Throwable> onCommit) {
        Write<T> w = new Write<>(work, new CompletableFuture<>(), onCommit);
        if (!running) {
            StateException closed = new StateException("the journal writer is closed");
            w.future.completeExceptionally(closed);
            if (onCommit != null) {
                onCommit.accept(null, closed);
            }
            return w.future;
        }
        queue.add(w);
        return w.future;
    }

    private void loop() {
        List<Write<?>> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Write<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Write<?>> batch) {
        long start = System.nanoTime();
        List<Object> results = new ArrayList<>(batch.size());
        try {
            db.transaction(c -> {
                for (Write<?> w : batch) {
                    results.add(w.work.run(c));
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("journal batch of {} writes failed: {}", batch.size(), e.getMessage(), e);
            batch.forEach(w -> fail(w, e));
            return;
        }
        if (commits != null) {
            commits.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            batchSizes.record(batch.size());
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Write<T> w, Object result) {
        try {
            if (w.onCommit != null) {
                w.onCommit.accept((T) result, null);
            }
            w.future.complete((T) result);
        } catch (RuntimeException e) {
            LOG.error("a journal commit callback failed", e);
        }
    }

    private static <T> void fail(Write<T> w, RuntimeException error) {
        try {
            if (w.onCommit != null) {
                w.onCommit.accept(null, error);
            }
        } catch (RuntimeException e) {
            LOG.error("a journal commit callback failed", e);
        }
        w.future.completeExceptionally(error);
    }

    /** Commits what is queued, then stops the writer thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Write<T>(Work<T> work, CompletableFuture<T> future, BiConsumer<T, Throwable> onCommit) {
    }
}
