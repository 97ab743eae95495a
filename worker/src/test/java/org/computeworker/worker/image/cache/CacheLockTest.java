package org.computeworker.worker.image.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheLockTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the lock is held for the block, never read
    void threadsTakeTurns() throws Exception {
        Path lockFile = dir.resolve("locks/nova-x");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> all = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> {
                    try (CacheLock lock = CacheLock.acquire(lockFile)) {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.sleep(20);
                        inside.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, maxInside.get());
    }

    @Test
    void aThreadMayTakeItsOwnLockAgain() throws Exception {
        Path lockFile = dir.resolve("nova-x");
        try (CacheLock outer = CacheLock.acquire(lockFile)) {
            try (CacheLock inner = CacheLock.acquire(lockFile)) {
                assertEquals(outer.lockFile(), inner.lockFile());
            }
            try (ChildJvm other = ChildJvm.start(dir, "try", lockFile.toString())) {
                assertEquals("busy", other.answer("busy", "free"), "the inner close kept the file lock");
            }
        }
    }

    @Test
    void anotherProcessWaitsForTheLock() throws Exception {
        Path lockFile = dir.resolve("locks/nova-x");
        try (ChildJvm holder = ChildJvm.start(dir, "hold", lockFile.toString())) {
            holder.answer("locked");
            CompletableFuture<Void> mine = CompletableFuture.runAsync(() -> lockAndRelease(lockFile));
            assertFalse(finishesWithin(mine, 700), "the lock is held by the other process");
            holder.send("release");
            mine.get(30, TimeUnit.SECONDS);
            assertEquals(0, holder.waitFor());
        }
    }

    @Test
    void aWaiterOnARetiredLockFileMovesToTheLiveOne() throws Exception {
        Path lockFile = dir.resolve("locks/nova-x");
        try (ChildJvm holder = ChildJvm.start(dir, "hold", lockFile.toString())) {
            holder.answer("locked");
            // What this thread sees once it holds the lock: the file's size, and whether others find it held.
            CompletableFuture<String> mine = CompletableFuture.supplyAsync(() -> {
                try (CacheLock lock = CacheLock.acquire(lockFile);
                     ChildJvm other = ChildJvm.start(dir, "try", lockFile.toString())) {
                    return Files.size(lock.lockFile()) + " " + other.answer("busy", "free");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertFalse(finishesWithin(mine, 700));
            holder.send("retire"); // marks and unlinks the file this thread is queued on
            assertEquals(0, holder.waitFor());
            assertEquals("0 busy", mine.get(60, TimeUnit.SECONDS),
                    "the lock moved to a fresh file under the same name, and others see it held");
        }
    }

    private static void lockAndRelease(Path lockFile) {
        try (CacheLock lock = CacheLock.acquire(lockFile)) {
            assertTrue(Files.exists(lock.lockFile()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean finishesWithin(CompletableFuture<?> future, long millis) throws Exception {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
