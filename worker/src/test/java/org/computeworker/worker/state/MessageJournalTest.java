package org.computeworker.worker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message journal on a real SQLite file: statuses, durability of the start, coalesced writes, restarts. */
class MessageJournalTest {
    @TempDir
    Path state;
    private Database db;
    private GroupCommitWriter writer;
    private SimpleMeterRegistry registry;
    private MessageJournal journal;

    @BeforeEach
    void open() {
        db = Database.open(state, false);
        writer = new GroupCommitWriter(db);
        registry = new SimpleMeterRegistry();
        writer.instrument(registry);
        journal = new MessageJournal(db, writer, 1000);
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
    }

    @Test
    void aMessageGoesFromReceivedToItsOutcome() throws Exception {
        AtomicReference<Throwable> recorded = new AtomicReference<>(new IllegalStateException("not yet"));
        CountDownLatch committed = new CountDownLatch(1);
        journal.record(entry("m1"), e -> {
            recorded.set(e);
            committed.countDown();
        });
        assertTrue(committed.await(10, TimeUnit.SECONDS));
        assertNull(recorded.get());
        assertEquals(JournalStatus.RECEIVED, stored("m1").status());
        assertEquals(MessageJournal.Admission.NOT_YET_RUN, journal.check("m1"));

        journal.markRunning("m1").get(10, TimeUnit.SECONDS);
        assertEquals(JournalStatus.RUNNING, stored("m1").status(), "durable when the future completes");
        assertEquals(MessageJournal.Admission.DUPLICATE, journal.check("m1"));

        journal.markFinished("m1", JournalStatus.FAILED, "Boom: no");
        writer.submit(c -> null).get(10, TimeUnit.SECONDS);
        JournalEntry done = stored("m1");
        assertEquals(JournalStatus.FAILED, done.status());
        assertEquals("Boom: no", done.error());
    }

    @Test
    void changesMadeWhileTheWriterIsBusyRideAlongInOneWrite() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> blocker = writer.submit(c -> {
            await(release);
            return null;
        });
        journal.record(entry("m2"), e -> { });
        CompletableFuture<Void> running = journal.markRunning("m2");
        journal.markFinished("m2", JournalStatus.DONE, null);
        assertEquals(false, running.isDone(), "not durable before the writer got to it");
        release.countDown();
        blocker.get(10, TimeUnit.SECONDS);
        running.get(10, TimeUnit.SECONDS);
        writer.submit(c -> null).get(10, TimeUnit.SECONDS);

        assertEquals(JournalStatus.DONE, stored("m2").status());
        double writes = registry.get("compute_worker.state.commit.batch").summary().totalAmount();
        assertEquals(3.0, writes, "the blocker, one write for received+running+done, the probe");
    }

    @Test
    void anExpiredCallKeepsItsOutcomeWhenItsStartIsRecordedAfterIt() throws Exception {
        journal.record(entry("m3"), e -> { });
        journal.markFinished("m3", JournalStatus.REFUSED, "expired before it ran");
        journal.markRunning("m3").get(10, TimeUnit.SECONDS);
        writer.submit(c -> null).get(10, TimeUnit.SECONDS);
        assertEquals(JournalStatus.REFUSED, stored("m3").status());
        assertEquals(MessageJournal.Admission.DUPLICATE, journal.check("m3"));
    }

    @Test
    void aRestartedWorkerKnowsItsMessagesAndStartsOneThatNeverRan() throws Exception {
        CountDownLatch committed = new CountDownLatch(1);
        journal.record(entry("never-ran"), e -> committed.countDown());
        journal.record(entry("ran"), e -> { });
        journal.markRunning("ran").get(10, TimeUnit.SECONDS);
        assertTrue(committed.await(10, TimeUnit.SECONDS));
        writer.close();

        writer = new GroupCommitWriter(db);
        journal = new MessageJournal(db, writer, 1000);
        assertEquals(MessageJournal.Admission.NOT_YET_RUN, journal.check("never-ran"));
        assertEquals(MessageJournal.Admission.DUPLICATE, journal.check("ran"));
        assertEquals(1, journal.countNotStarted());

        journal.markRunning("never-ran").get(10, TimeUnit.SECONDS);
        assertEquals(JournalStatus.RUNNING, stored("never-ran").status());
        journal.markFinished("never-ran", JournalStatus.DONE, null);
        writer.submit(c -> null).get(10, TimeUnit.SECONDS);
        assertEquals(JournalStatus.DONE, stored("never-ran").status());
        assertEquals(1, journal.takeInterrupted().size(), "only 'ran' was running");
    }

    private JournalEntry stored(String id) {
        return journal.find(id).orElseThrow();
    }

    private static JournalEntry entry(String id) {
        return new JournalEntry(id, 0, "noop", null, null, "req-" + id, true, JournalStatus.RECEIVED,
                System.currentTimeMillis(), null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
