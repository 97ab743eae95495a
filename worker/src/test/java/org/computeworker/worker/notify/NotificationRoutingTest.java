package org.computeworker.worker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.GetResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.config.NotificationOptions;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.support.TestWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against a real broker: notifications land where oslo puts them — {@code notifications.<priority>}
 * and {@code versioned_notifications.<priority>} on the control exchange — in the envelope of the
 * configured driver, with oslo's AMQP properties, and not at all with noop or no driver.
 */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class NotificationRoutingTest {
    private static final String LEGACY_INFO = "notifications.info";
    private static final String VERSIONED_INFO = "versioned_notifications.info";
    private static final String LEGACY_ERROR = "notifications.error";
    private static final String VERSIONED_ERROR = "versioned_notifications.error";

    static PublisherOptions options(String exchange, boolean durable, int maxOutstanding) {
        return new PublisherOptions(exchange, durable, false, false, false, 30, maxOutstanding,
                Math.min(256, maxOutstanding), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    static NotifierSettings settings(String drivers, String format, String topic, String versionedTopic) {
        NotificationOptions options = new NotificationOptions(
                drivers.isEmpty() ? List.of() : List.of(drivers.split("\\+")), List.of(topic), null, format,
                List.of(versionedTopic), false, "http://glance.example.org:9292");
        return NotifierSettings.of("hostA", options, "month", InstanceNames.DEFAULT_TEMPLATE);
    }

    @ParameterizedTest(name = "driver={0} format={1}")
    @CsvSource({
            "messagingv2, unversioned, true, false, true",
            "messagingv2, both, true, true, true",
            "messagingv2, versioned, false, true, true",
            "messaging, unversioned, true, false, false",
            "messaging, both, true, true, false",
            "noop, both, false, false, true",
            "'', both, false, false, true"})
    void landsOnTheFormatsTopicsInTheDriversEnvelope(String driver, String format, boolean legacy,
                                                     boolean versioned, boolean envelope, TestBroker broker)
            throws Exception {
        try (BrokerQueues queues = new BrokerQueues(broker);
             NotificationPublisher publisher = NotificationPublisher.start(TransportUrl.parse(broker.transportUrl()),
                     "hostA", options("nova", false, 100), new SimpleMeterRegistry())) {
            queues.delete(LEGACY_INFO, VERSIONED_INFO);
            ObjectNode rpc = NovaVectors.rpcMessage("rpc_cast_start_instance.json");
            Notifier notifier = new Notifier(settings(driver, format, "notifications", "versioned_notifications"),
                    publisher);
            notifier.powerOn(NovaVectors.context(rpc), NovaVectors.instance(rpc), Phase.START);
            assertTrue(publisher.awaitConfirmed(Duration.ofSeconds(20)), "confirmed");

            List<GetResponse> legacyMessages = queues.count(LEGACY_INFO) == 0 ? List.of() : queues.drain(LEGACY_INFO);
            List<GetResponse> versionedMessages = queues.count(VERSIONED_INFO) == 0 ? List.of()
                    : queues.drain(VERSIONED_INFO);
            assertEquals(legacy ? 1 : 0, legacyMessages.size(), "on " + LEGACY_INFO);
            assertEquals(versioned ? 1 : 0, versionedMessages.size(), "on " + VERSIONED_INFO);
            for (GetResponse r : legacyMessages) {
                check(r, envelope, "compute.instance.power_on.start", "compute.hostA", "INFO");
            }
            for (GetResponse r : versionedMessages) {
                check(r, envelope, "instance.power_on.start", "nova-compute:hostA", "INFO");
            }
        }
    }

    @Test
    void errorsGoOutAtErrorPriority(TestBroker broker) throws Exception {
        try (BrokerQueues queues = new BrokerQueues(broker);
             NotificationPublisher publisher = NotificationPublisher.start(TransportUrl.parse(broker.transportUrl()),
                     "hostA", options("nova", false, 100), new SimpleMeterRegistry())) {
            queues.delete(LEGACY_ERROR, VERSIONED_ERROR);
            ObjectNode rpc = NovaVectors.rpcMessage("rpc_cast_start_instance.json");
            RequestContext ctx = NovaVectors.context(rpc);
            Instance instance = NovaVectors.instance(rpc);
            Notifier notifier = new Notifier(settings("messagingv2", "both", "notifications",
                    "versioned_notifications"), publisher);
            notifier.resizeError(ctx, instance, NovaErrors.migrationError("no host"));
            notifier.exception(ctx, "start_instance", (ObjectNode) rpc.get("args"),
                    NovaErrors.instancePowerOnFailure("no guest"));
            assertTrue(publisher.awaitConfirmed(Duration.ofSeconds(20)), "confirmed");

            List<GetResponse> legacy = queues.drain(LEGACY_ERROR);
            List<GetResponse> versioned = queues.drain(VERSIONED_ERROR);
            assertEquals(List.of("compute.instance.resize.error", "start_instance"),
                    legacy.stream().map(r -> message(r).path("event_type").asText()).toList());
            assertEquals(List.of("instance.resize.error", "compute.exception"),
                    versioned.stream().map(r -> message(r).path("event_type").asText()).toList());
            legacy.forEach(r -> assertEquals("ERROR", message(r).path("priority").asText()));
            versioned.forEach(r -> assertEquals("ERROR", message(r).path("priority").asText()));
            JsonNode wrapped = message(legacy.get(1)).path("payload");
            assertTrue(wrapped.path("exception").asText().startsWith("{'kwargs': {'reason': 'no guest', 'code': 400}"),
                    wrapped.path("exception").asText());
            assertEquals(instance.uuid(), wrapped.path("args").path("instance").path("uuid").asText());
        }
    }

    @Test
    void theServiceReadsNovaConf(TestBroker broker) throws Exception {
        String conf = TestWorkers.conf(broker, "hostconf",
                "[oslo_messaging_notifications]", "driver = messagingv2", "topics = conf_notifications",
                "[notifications]", "notification_format = unversioned");
        try (BrokerQueues queues = new BrokerQueues(broker);
             NotificationService service = NotificationService.start(TestWorkers.config(conf),
                     TransportUrl.parse(broker.transportUrl()), new SimpleMeterRegistry())) {
            queues.delete("conf_notifications.info");
            ObjectNode rpc = NovaVectors.rpcMessage("rpc_cast_start_instance.json");
            service.notifier().powerOn(NovaVectors.context(rpc), NovaVectors.instance(rpc), Phase.END);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (service.outstanding() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<GetResponse> got = queues.take("conf_notifications.info", 1, Duration.ofSeconds(20));
            assertEquals(1, got.size());
            check(got.get(0), true, "compute.instance.power_on.end", "compute.hostconf", "INFO");
            queues.delete("conf_notifications.info");
        }
    }

    private static void check(GetResponse r, boolean envelope, String eventType, String publisher, String priority) {
        assertEquals("application/json", r.getProps().getContentType());
        assertEquals("utf-8", r.getProps().getContentEncoding());
        assertEquals(2, r.getProps().getDeliveryMode());
        assertEquals("nova", r.getEnvelope().getExchange());
        JsonNode top = Json.parse(r.getBody());
        assertEquals(envelope, top.has(OsloEnvelope.VERSION_KEY), "2.0 envelope for messagingv2 only");
        if (!envelope) {
            assertFalse(top.has(OsloEnvelope.MESSAGE_KEY));
        }
        JsonNode m = message(r);
        assertEquals(eventType, m.path("event_type").asText());
        assertEquals(publisher, m.path("publisher_id").asText());
        assertEquals(priority, m.path("priority").asText());
        assertTrue(m.path("_context_request_id").isTextual(), "the context travels as _context_*");
        assertTrue(m.path("_context_auth_token").isNull(), "and without the token");
    }

    static JsonNode message(GetResponse r) {
        return OsloEnvelope.decode(r.getBody());
    }
}
