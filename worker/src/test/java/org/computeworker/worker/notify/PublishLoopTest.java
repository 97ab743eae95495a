package org.computeworker.worker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The delivery loop's rules for what a broker test cannot provoke on demand: a confirm that never
 * comes is a failure like any other, and a confirm arriving after its timeout does not count twice.
 */
class PublishLoopTest {
    private static final PublisherOptions FAST = new PublisherOptions("nova", false, false, false, false, 0, 100, 10,
            Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(20));

    private static OutboundNotification n(String key, int seq) {
        return new OutboundNotification(key, "notifications.info", "e" + seq, "m" + seq, new byte[0]);
    }

    @Test
    void aMissingConfirmIsRetriedAndALateOneIsIgnored() throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        List<String> confirmed = new CopyOnWriteArrayList<>();
        AtomicInteger retries = new AtomicInteger();
        CompletableFuture<Consumer<DeliveryOutcome>> late = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(3);
        PublishLoop loop = new PublishLoop((n, answer) -> {
            attempts.add(n.eventType());
            if (n.eventType().equals("e0") && attempts.stream().filter("e0"::equals).count() == 1) {
                late.complete(answer); // the broker never answers this first attempt in time
                return;
            }
            answer.accept(DeliveryOutcome.CONFIRMED);
        }, FAST, new PublishLoop.Listener() {
            @Override
            public void confirmed(OutboundNotification n) {
                confirmed.add(n.eventType());
                done.countDown();
            }

            @Override
            public void retrying(OutboundNotification n, DeliveryOutcome outcome, int attempt, Duration wait) {
                assertEquals(DeliveryOutcome.Kind.TIMED_OUT, outcome.kind());
                retries.incrementAndGet();
            }
        }, "loop-test");
        loop.submit(n("i1", 0));
        loop.submit(n("i1", 1));
        loop.submit(n("i2", 2));
        assertTrue(done.await(5, TimeUnit.SECONDS), "all confirmed: " + confirmed);
        late.get(1, TimeUnit.SECONDS).accept(DeliveryOutcome.CONFIRMED); // arrives after the retry was confirmed
        Thread.sleep(100);
        assertEquals(1, retries.get());
        assertEquals(3, confirmed.size(), "the late confirm is not counted again");
        assertTrue(confirmed.indexOf("e0") < confirmed.indexOf("e1"), "i1's second waits for its first");
        assertEquals(List.of("e0", "e2", "e0", "e1"), attempts, "i2 is not held up by i1's retry");
        assertEquals(List.of(), loop.stop(Duration.ofSeconds(1)));
    }
}
