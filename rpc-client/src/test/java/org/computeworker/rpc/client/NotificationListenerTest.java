package org.computeworker.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.computeworker.messages.notifications.Notification;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** Notifications nova emitted (vectors), replayed onto the broker as oslo's notifier publishes them. */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class NotificationListenerTest {
    private static CachingConnectionFactory connections;
    private static RawAmqp raw;

    @BeforeAll
    static void connect(TestBroker broker) throws Exception {
        connections = BrokerConnectionFactory.forUrl(broker.transportUrl()).build();
        raw = new RawAmqp(broker);
    }

    @AfterAll
    static void disconnect() throws Exception {
        connections.destroy();
        raw.close();
    }

    private static MessagingOptions options(String exchange) {
        return MessagingOptions.defaults().withControlExchange(exchange);
    }

    /** Publishes nova's captured body to {@code exchange} with its routing key, as notify_send does. */
    private static void replay(String exchange, String vector, int index) throws IOException {
        var message = Vectors.load(vector).get("messages").get(index);
        raw.channel().exchangeDeclare(exchange, "topic", false, false, null);
        raw.channel().basicPublish(exchange, message.get("routing_key").textValue(), OsloPublisher.properties(null),
                message.get("body_raw").textValue().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesBothTheEnvelopeAndTheBareForm() throws Exception {
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (NotificationListener tail = NotificationListener.builder(connections, options("nova_notif1"))
                .onNotification(got::add).start()) {
            replay("nova_notif1", "notif_messagingv2_power_on_end", 0);
            replay("nova_notif1", "notif_messaging_v1_power_on_end", 0);
            raw.channel().basicPublish("nova_notif1", "notifications.info", null, "not json".getBytes());
            replay("nova_notif1", "notif_messagingv2_power_on_end", 1); // versioned: another topic, not heard
            Notification v2 = got.poll(5, TimeUnit.SECONDS);
            Notification v1 = got.poll(5, TimeUnit.SECONDS);
            assertEquals("compute.instance.power_on.end", v2.eventType());
            assertEquals("compute.instance.power_on.end", v1.eventType());
            assertEquals("compute.hostA", v1.publisherId());
            assertEquals("INFO", v2.priority());
            assertTrue(v2.payload().has("instance_id"));
            assertEquals(null, got.poll(500, TimeUnit.MILLISECONDS), "only notifications.info was asked for");
        }
    }

    @Test
    void aTailTakesNothingFromBillingWhileASharedListenerCompetesWithIt() throws Exception {
        String exchange = "nova_notif2";
        // billing: an oslo notification listener, i.e. a consumer on the shared queue notifications.info
        Channel billingChannel = raw.freshChannel();
        billingChannel.exchangeDeclare(exchange, "topic", false, false, null);
        billingChannel.queueDeclare("notifications.info", false, false, false, null);
        billingChannel.queueBind("notifications.info", exchange, "notifications.info");
        AtomicInteger billing = new AtomicInteger();
        billingChannel.basicConsume("notifications.info", true, new DefaultConsumer(billingChannel) {
            @Override
            public void handleDelivery(String tag, Envelope e, AMQP.BasicProperties p, byte[] body) {
                billing.incrementAndGet();
            }
        });
        AtomicInteger tailed = new AtomicInteger();
        try (NotificationListener tail = NotificationListener.builder(connections, options(exchange))
                .onNotification(n -> tailed.incrementAndGet()).start()) {
            assertTrue(tail.queues().get(0).startsWith("notifications.tail_"));
            for (int i = 0; i < 10; i++) {
                replay(exchange, "notif_messagingv2_power_on_end", 0);
            }
            waitFor(() -> billing.get() == 10 && tailed.get() == 10);
        }
        AtomicInteger shared = new AtomicInteger();
        try (NotificationListener competing = NotificationListener.builder(connections, options(exchange))
                .mode(NotificationListener.Mode.SHARED).onNotification(n -> shared.incrementAndGet()).start()) {
            assertEquals(List.of("notifications.info"), competing.queues());
            for (int i = 0; i < 20; i++) {
                replay(exchange, "notif_messagingv2_power_on_end", 0);
            }
            waitFor(() -> billing.get() + shared.get() == 30);
            assertTrue(shared.get() > 0 && shared.get() < 20, "round robin between the two: " + shared.get());
        }
        billingChannel.close();
        // oslo's attributes on the shared queue: the same redeclare passes, a durable one is refused
        raw.channel().queueDeclare("notifications.info", false, false, false, null);
        Channel ch = raw.freshChannel();
        assertThrows(IOException.class, () -> ch.queueDeclare("notifications.info", true, false, false, null));
        raw.channel().queueDelete("notifications.info");
    }

    @Test
    void theTailQueueGoesAwayWithTheListener() throws Exception {
        NotificationListener tail = NotificationListener.builder(connections, options("nova_notif3"))
                .topic("versioned_notifications").priorities(List.of("info", "ERROR")).onNotification(n -> { })
                .start();
        String queue = tail.queues().get(0);
        Channel other = raw.freshChannel();
        IOException locked = assertThrows(IOException.class, () -> other.queueDeclarePassive(queue));
        assertTrue(String.valueOf(locked.getCause()).contains("RESOURCE_LOCKED"), "exclusive to the listener");
        tail.close();
        // exclusive + auto-delete: gone once its consumer is cancelled
        waitFor(() -> {
            try {
                raw.freshChannel().queueDeclarePassive(queue);
                return false;
            } catch (Exception e) {
                return String.valueOf(e.getCause()).contains("NOT_FOUND");
            }
        });
        assertThrows(IllegalArgumentException.class, () -> NotificationListener.builder(connections,
                options("x")).priorities(List.of("loud")));
        assertFalse(NotificationListener.PRIORITIES.contains("loud"));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(50);
        }
    }
}
