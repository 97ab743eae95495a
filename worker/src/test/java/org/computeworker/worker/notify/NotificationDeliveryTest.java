package org.computeworker.worker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.Json;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.messages.notifications.Notification;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against a real broker, the publisher never loses a notification: a returned message is
 * re-declared and re-sent, nacks are retried, the outstanding bound makes publishers wait instead
 * of dropping, and a broker restart in the middle of a burst loses nothing — each instance's
 * notifications arriving in the order they were published.
 */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class NotificationDeliveryTest {
    private static final RequestContext CTX = RequestContext.admin();

    /** A notification for {@code instance} numbered {@code seq}, on {@code <topic>.info}. */
    private static OutboundNotification numbered(String topic, String instance, int seq) {
        ObjectNode payload = Json.object().put("instance", instance).put("seq", seq);
        Notification n = Notification.create("compute.hostA", "test.seq", "INFO", payload, CTX);
        return new OutboundNotification(instance, n.routingKey(topic), n.eventType(), n.messageId(), n.encode(true));
    }

    private static JsonNode payload(GetResponse r) {
        return NotificationRoutingTest.message(r).path("payload");
    }

    private static NotificationPublisher publisher(TestBroker broker, PublisherOptions options,
                                                   SimpleMeterRegistry registry) {
        return NotificationPublisher.start(TransportUrl.parse(broker.transportUrl()), "hostA", options, registry);
    }

    /** Retries every 50 ms at most, so draining a nacking queue does not take long. */
    private static PublisherOptions quickRetries(int maxOutstanding) {
        return new PublisherOptions("nova", false, false, false, false, 30, maxOutstanding, maxOutstanding,
                Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(50));
    }

    private static double count(SimpleMeterRegistry registry, String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void aReturnedNotificationIsDeclaredForAgainAndResent(TestBroker broker) throws Exception {
        String topic = "returns_" + UUID.randomUUID().toString().substring(0, 8);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BrokerQueues queues = new BrokerQueues(broker);
             NotificationPublisher publisher = publisher(broker, NotificationRoutingTest.options("nova", false, 100),
                     registry)) {
            publisher.publish(numbered(topic, "i1", 0));
            assertTrue(publisher.awaitConfirmed(Duration.ofSeconds(10)));
            queues.delete(topic + ".info"); // the publisher still believes it is declared

            publisher.publish(numbered(topic, "i1", 1));
            assertTrue(publisher.awaitConfirmed(Duration.ofSeconds(10)), "confirmed after being declared again");
            List<GetResponse> got = queues.drain(topic + ".info");
            assertEquals(List.of(1), got.stream().map(r -> payload(r).path("seq").asInt()).toList());
            assertTrue(count(registry, "compute_worker.notifications.retried") >= 1, "the return was retried");
            queues.delete(topic + ".info");
        }
    }

    @Test
    void nackedNotificationsAreRetriedInOrderAndTheBoundMakesPublishersWait(TestBroker broker) throws Exception {
        String topic = "nacks_" + UUID.randomUUID().toString().substring(0, 8);
        String queue = topic + ".info";
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BrokerQueues queues = new BrokerQueues(broker);
             NotificationPublisher publisher = publisher(broker, quickRetries(16), registry)) {
            // A queue that holds one message and nacks the rest, declared before the publisher can.
            queues.channel().exchangeDeclare("nova", "topic", false, false, null);
            queues.channel().queueDeclare(queue, false, false, false,
                    Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
            queues.channel().queueBind(queue, "nova", queue);

            int total = 24;
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < total; i++) {
                    publisher.publish(numbered(topic, "i1", i));
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (publisher.outstanding() < 16 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertEquals(16, publisher.outstanding(), "held up to the bound");
            assertTrue(!publishing.isDone(), "the publisher waits for room instead of dropping");
            assertTrue(count(registry, "compute_worker.notifications.blocked") >= 1);

            List<GetResponse> got = queues.take(queue, total, Duration.ofSeconds(30));
            publishing.get(10, TimeUnit.SECONDS);
            List<Integer> seqs = got.stream().map(r -> payload(r).path("seq").asInt()).toList();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                expected.add(i);
            }
            assertEquals(expected, seqs, "every notification, in publication order");
            assertTrue(count(registry, "compute_worker.notifications.retried") >= 1, "nacks were retried");
            assertTrue(publisher.awaitConfirmed(Duration.ofSeconds(10)));
            assertEquals(total, count(registry, "compute_worker.notifications.sent"));
            queues.delete(queue);
        }
    }

    @Test
    void aBrokerRestartInTheMiddleOfABurstLosesNothing(TestBroker broker) throws Exception {
        assertTrue(broker.canRestart(), "this test restarts the broker; " + broker.origin() + " cannot be restarted");
        String topic = "restart_" + UUID.randomUUID().toString().substring(0, 8);
        String exchange = "nova_durable_notifications";
        String queue = topic + ".info";
        int instances = 8;
        int total = 400;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // amqp_durable_queues=true: the broker keeps what it confirmed across its restart
        try (NotificationPublisher publisher = publisher(broker, NotificationRoutingTest.options(exchange, true, 5000),
                registry)) {
            Map<String, Integer> nextSeq = new LinkedHashMap<>();
            Set<String> published = new HashSet<>();
            CompletableFuture<Void> restart = null;
            int backlog = 0;
            for (int i = 0; i < total; i++) {
                String instance = "instance-" + (i % instances);
                int seq = nextSeq.merge(instance, 1, Integer::sum) - 1;
                OutboundNotification n = numbered(topic, instance, seq);
                published.add(n.messageId());
                publisher.publish(n);
                if (i == total / 4) {
                    restart = CompletableFuture.runAsync(broker::restart); // the burst goes on meanwhile
                }
                Thread.sleep(20);
                backlog = Math.max(backlog, publisher.outstanding());
            }
            restart.get(120, TimeUnit.SECONDS);
            assertTrue(backlog > 20, "notifications piled up while the broker was away (peak " + backlog + ")");
            assertTrue(publisher.awaitConfirmed(Duration.ofSeconds(120)),
                    publisher.outstanding() + " notifications never confirmed");

            try (BrokerQueues queues = new BrokerQueues(broker)) {
                List<GetResponse> got = queues.drain(queue);
                Map<String, List<Integer>> perInstance = new LinkedHashMap<>();
                Set<String> seen = new HashSet<>();
                int duplicates = 0;
                for (GetResponse r : got) {
                    JsonNode m = NotificationRoutingTest.message(r);
                    if (!seen.add(m.path("message_id").asText())) {
                        duplicates++; // sent again after a confirm lost with the connection: at least once
                        continue;
                    }
                    perInstance.computeIfAbsent(m.path("payload").path("instance").asText(), k -> new ArrayList<>())
                            .add(m.path("payload").path("seq").asInt());
                }
                assertEquals(published, seen, "every notification arrived");
                perInstance.forEach((instance, seqs) -> {
                    List<Integer> sorted = new ArrayList<>(seqs);
                    sorted.sort(Integer::compare);
                    assertEquals(sorted, seqs, instance + "'s notifications in publication order");
                });
                System.out.printf("restart burst: %d published, %d received, %d duplicates, %.0f retries, "
                        + "peak backlog %d%n", total, got.size(), duplicates,
                        count(registry, "compute_worker.notifications.retried"), backlog);
                queues.delete(queue);
            }
        }
    }
}
