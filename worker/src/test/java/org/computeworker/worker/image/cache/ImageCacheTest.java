package org.computeworker.worker.image.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {
    private static final String NAME = CacheNames.forImage("an-image");

    @TempDir
    Path dir;
    private ImageCache cache;

    @BeforeEach
    void setUp() {
        cache = new ImageCache(dir, ImageCacheOptions.defaults());
    }

    @Test
    void layoutIsNovas() {
        assertEquals(dir.resolve("_base"), cache.directory());
        assertEquals(dir.resolve("locks"), cache.lockDirectory());
        cache.use(NAME, staging -> Files.writeString(staging, "t"), base -> null);
        assertTrue(Files.exists(dir.resolve("locks/nova-" + NAME)), "oslo's external lock file name for nova");
    }

    @Test
    void aTemplateIsWrittenOnceAndStagedBesideItsName() throws Exception {
        AtomicInteger fills = new AtomicInteger();
        List<Path> stagings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path base = cache.use(NAME, staging -> {
                fills.incrementAndGet();
                stagings.add(staging);
                Files.writeString(staging, "template");
            }, b -> b);
            assertEquals("template", Files.readString(base));
        }
        assertEquals(1, fills.get());
        assertEquals(cache.directory().resolve(NAME + ".part"), stagings.get(0));
        assertEquals(List.of(NAME), entries());
    }

    @Test
    void aFailedFillLeavesNothingAndTheNextCallTriesAgain() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> cache.use(NAME, staging -> {
            Files.writeString(staging, "half");
            Files.writeString(staging.resolveSibling("." + staging.getFileName() + ".abc.part"), "hidden half");
            throw boom;
        }, base -> null));
        assertSame(boom, thrown);
        assertEquals(List.of(), entries());

        cache.use(NAME, staging -> Files.writeString(staging, "whole"), base -> null);
        assertEquals("whole", Files.readString(cache.pathOf(NAME)));
    }

    @Test
    void leftoversOfACrashedFillAreClearedFirst() throws Exception {
        Files.createDirectories(cache.directory());
        Files.writeString(cache.directory().resolve(NAME + ".part"), "stale");
        Files.writeString(cache.directory().resolve(NAME + ".part.converted"), "stale");
        cache.use(NAME, staging -> {
            assertFalse(Files.exists(staging));
            Files.writeString(staging, "fresh");
        }, base -> null);
        assertEquals(List.of(NAME), entries());
    }

    @Test
    void aFillThatWritesNothingIsAnError() {
        assertThrows(ImageCacheException.class, () -> cache.use(NAME, staging -> { }, base -> null));
        assertFalse(cache.contains(NAME));
    }

    @Test
    void usingATemplateRefreshesItsMtime() throws Exception {
        cache.use(NAME, staging -> Files.writeString(staging, "t"), base -> null);
        Files.setLastModifiedTime(cache.pathOf(NAME), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        cache.use(NAME, staging -> {
            throw new AssertionError("already cached");
        }, base -> null);
        assertTrue(Files.getLastModifiedTime(cache.pathOf(NAME)).toInstant().isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void namesCannotLeaveTheCacheDirectory() {
        for (String bad : List.of("../x", "/etc/passwd", ".hidden", "a/b", "x.part", "")) {
            assertThrows(IllegalArgumentException.class, () -> cache.pathOf(bad), bad);
        }
    }

    @Test
    void concurrentFillsAcrossThreadsAndProcessesHappenOnce() throws Exception {
        Path count = dir.resolve("fills.log");
        try (ChildJvm first = ChildJvm.start(dir, "fill", dir.toString(), NAME, count.toString(), "4");
             ChildJvm second = ChildJvm.start(dir, "fill", dir.toString(), NAME, count.toString(), "4")) {
            first.answer("ready");
            second.answer("ready");
            first.send("go");
            second.send("go");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> mine = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mine.add(pool.submit(() -> cache.use(NAME, staging -> {
                    Files.writeString(count, "parent\n", java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                    Thread.sleep(500);
                    Files.writeString(staging, "template");
                }, base -> null)));
            }
            for (Future<?> f : mine) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals("done", first.answer("done"));
            assertEquals("done", second.answer("done"));
        }
        assertEquals(1, Files.readAllLines(count).size(), () -> "fills: " + readQuietly(count));
        assertEquals("template", Files.readString(cache.pathOf(NAME)));
    }

    private List<String> entries() throws Exception {
        try (Stream<Path> s = Files.list(cache.directory())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
