package org.computeworker.worker.image.cache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on one named cache entry, held against other threads of this JVM and against other processes
 * (other workers, or nova itself) through a POSIX lock on a lock file, as oslo.concurrency's external locks are.
 *
 * <p>Two layers, because a file lock belongs to the whole process: the JVM cannot make a second thread wait on it
 * (it throws OverlappingFileLockException), and closing any channel on the file drops every lock the process holds
 * on it. So threads queue on an in-JVM lock per file first, and only its holder touches the file lock.
 *
 * <p>A lock file may be deleted only through {@link #retire()}: the holder writes a byte into the otherwise empty
 * file before unlinking it, so a process that was queued on the old file sees the byte once it gets the lock and
 * starts over on a fresh file instead of believing it holds the lock that the new file guards.
 */
public final class CacheLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, Holder> HOLDERS = new ConcurrentHashMap<>();
    private static final byte RETIRED = 'x';

    private final Path lockFile;
    private final Holder holder;
    private boolean closed;

    private CacheLock(Path lockFile, Holder holder) {
        this.lockFile = lockFile;
        this.holder = holder;
    }

    /**
     * Blocks until this thread holds the lock guarded by {@code lockFile}, creating the file and its directory when
     * missing. Re-entrant within a thread; only the acquiring thread may close it.
     *
     * @throws InterruptedIOException when the thread is interrupted while waiting
     */
    public static CacheLock acquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        Holder holder = HOLDERS.compute(key, (k, h) -> (h == null ? new Holder() : h).retain());
        boolean locked = false;
        try {
            holder.threads.lockInterruptibly();
            locked = true;
            if (holder.threads.getHoldCount() == 1) {
                holder.lockFile(key);
            }
            return new CacheLock(key, holder);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (InterruptedIOException) new InterruptedIOException("interrupted waiting for " + key).initCause(e);
        } catch (IOException | RuntimeException e) {
            if (locked) {
                holder.threads.unlock();
            }
            release(key);
            throw e;
        }
    }

    public Path lockFile() {
        return lockFile;
    }

    /**
     * Deletes the lock file while still holding it, in a way that waiters in other processes notice. Call it last
     * in the critical section: from here on another process may already lock a new file of the same name.
     */
    public void retire() throws IOException {
        if (holder.threads.getHoldCount() != 1) {
            return; // a re-entrant holder further up the stack still relies on the file
        }
        holder.channel.write(ByteBuffer.wrap(new byte[] {RETIRED}), 0);
        holder.channel.force(true);
        Files.deleteIfExists(lockFile);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (holder.threads.getHoldCount() == 1) {
                holder.unlockFile();
            }
        } finally {
            holder.threads.unlock();
            release(lockFile);
        }
    }

    private static void release(Path key) {
        HOLDERS.computeIfPresent(key, (k, h) -> h.users.decrementAndGet() == 0 ? null : h);
    }

    /** The in-JVM side of one lock file: the thread queue, and the channel of whichever thread holds it. */
    private static final class Holder {
        private final ReentrantLock threads = new ReentrantLock(true);
        private final AtomicInteger users = new AtomicInteger();
        private FileChannel channel;
        private FileLock fileLock;

        private Holder retain() {
            users.incrementAndGet();
            return this;
        }

        private void lockFile(Path path) throws IOException {
            while (true) {
                Files.createDirectories(path.getParent());
                FileChannel opened = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
                try {
                    FileLock acquired = opened.lock(); // whole file: what fcntl/lockf-based lockers take too
                    if (opened.size() == 0) {
                        channel = opened;
                        fileLock = acquired;
                        return;
                    }
                    // The previous holder retired this file; the live lock is on whatever file now has the name.
                    acquired.release();
                } catch (IOException | RuntimeException e) {
                    opened.close();
                    throw e;
                }
                opened.close();
            }
        }

        private void unlockFile() throws IOException {
            try {
                if (fileLock != null && fileLock.isValid()) {
                    fileLock.release();
                }
            } finally {
                fileLock = null;
                FileChannel c = channel;
                channel = null;
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
