package org.computeworker.worker.image.cache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The other process in the cross-process tests, driven through stdin/stdout:
 * <ul>
 * <li>{@code hold LOCKFILE}: takes the lock, prints "locked", then on "release" or "retire" lets it go and exits.</li>
 * <li>{@code try LOCKFILE}: prints "busy" or "free" depending on whether a plain tryLock on the file succeeds.</li>
 * <li>{@code fill INSTANCES NAME COUNTFILE THREADS}: prints "ready", waits for "go", then has THREADS threads
 * cache NAME at once, each fill appending a line to COUNTFILE; prints "done".</li>
 * </ul>
 */
public final class CacheChildProcess {
    private CacheChildProcess() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        switch (args[0]) {
            case "hold" -> hold(Path.of(args[1]), in);
            case "try" -> tryLock(Path.of(args[1]));
            case "fill" -> fill(Path.of(args[1]), args[2], Path.of(args[3]), Integer.parseInt(args[4]), in);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static void hold(Path lockFile, BufferedReader in) throws Exception {
        try (CacheLock lock = CacheLock.acquire(lockFile)) {
            say("locked");
            if ("retire".equals(in.readLine())) {
                lock.retire();
            }
        }
    }

    private static void tryLock(Path lockFile) throws Exception {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            say(lock == null ? "busy" : "free");
        }
    }

    private static void fill(Path instances, String name, Path countFile, int threads, BufferedReader in)
            throws Exception {
        ImageCache cache = new ImageCache(instances, ImageCacheOptions.defaults());
        say("ready");
        in.readLine();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            all.add(pool.submit(() -> cache.use(name, staging -> {
                Files.writeString(countFile, ProcessHandle.current().pid() + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                Thread.sleep(500);
                Files.writeString(staging, "template");
            }, base -> null)));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        say("done");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
