package org.computeworker.worker.notify;

import org.computeworker.messages.PythonRepr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.computeworker.messages.Json;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.config.NotificationOptions;
import org.junit.jupiter.api.Test;

/** nova's rules the golden vectors do not exercise: topics, formats, options, python spellings. */
class NotifierRulesTest {
    private final ObjectNode rpc = NovaVectors.rpcMessage("rpc_cast_start_instance.json");
    private final RequestContext ctx = NovaVectors.context(rpc);
    private final Instance instance = NovaVectors.instance(rpc);

    private static NotifierSettings settings(List<String> drivers, String format, List<String> topics,
                                             boolean bdms) {
        return NotifierSettings.of("hostA", new NotificationOptions(drivers, topics, null, format,
                List.of("versioned_notifications"), bdms, null), "month", InstanceNames.DEFAULT_TEMPLATE);
    }

    private List<OutboundNotification> powerOn(NotifierSettings settings) {
        List<OutboundNotification> sent = new ArrayList<>();
        new Notifier(settings, sent::add).powerOn(ctx, instance, Phase.START);
        return sent;
    }

    @Test
    void everyTopicGetsTheMessageWithItsOwnUniqueId() {
        List<OutboundNotification> sent = powerOn(settings(List.of("messagingv2"), "unversioned",
                List.of("notifications", "billing"), false));
        assertEquals(List.of("notifications.info", "billing.info"),
                sent.stream().map(OutboundNotification::routingKey).toList());
        assertEquals(1, sent.stream().map(OutboundNotification::messageId).distinct().count(), "one message_id");
        Set<String> unique = new HashSet<>();
        sent.forEach(n -> unique.add(OsloEnvelope.decode(n.body()).path("_unique_id").asText()));
        assertEquals(2, unique.size(), "an oslo listener on both topics would drop a repeated _unique_id");
    }

    @Test
    void formatAndDriverChooseWhatIsSent() {
        assertEquals(List.of("compute.instance.power_on.start"), events(settings(List.of("messagingv2"),
                "unversioned", List.of("notifications"), false)));
        assertEquals(List.of("instance.power_on.start"), events(settings(List.of("messaging"), "versioned",
                List.of("notifications"), false)));
        assertEquals(List.of(), events(settings(List.of("noop"), "both", List.of("notifications"), false)));
        assertEquals(List.of(), events(settings(List.of(), "both", List.of("notifications"), false)));
    }

    private List<String> events(NotifierSettings settings) {
        return powerOn(settings).stream().map(OutboundNotification::eventType).toList();
    }

    @Test
    void blockDevicesAreNullUnlessConfiguredOrPassed() {
        JsonNode off = versionedPayload(settings(List.of("messagingv2"), "versioned", List.of("n"), false));
        JsonNode on = versionedPayload(settings(List.of("messagingv2"), "versioned", List.of("n"), true));
        assertTrue(off.path("nova_object.data").get("block_devices").isNull());
        assertTrue(on.path("nova_object.data").get("block_devices").isArray());
    }

    private JsonNode versionedPayload(NotifierSettings settings) {
        return OsloEnvelope.decode(powerOn(settings).get(0).body()).get("payload");
    }

    @Test
    void auditPeriodsAsNovaComputesThem() {
        LocalDateTime now = LocalDateTime.of(2026, 3, 1, 0, 0);
        assertEquals(new AuditPeriod(LocalDateTime.of(2026, 1, 1, 0, 0), LocalDateTime.of(2026, 2, 1, 0, 0)),
                AuditPeriod.lastCompleted("month", now), "a period ending exactly now is not completed");
        assertEquals(new AuditPeriod(LocalDateTime.of(2026, 2, 15, 0, 0), LocalDateTime.of(2026, 3, 15, 0, 0)),
                AuditPeriod.lastCompleted("month@15", LocalDateTime.of(2026, 3, 20, 8, 0)));
        assertEquals(new AuditPeriod(LocalDateTime.of(2026, 2, 27, 18, 0), LocalDateTime.of(2026, 2, 28, 18, 0)),
                AuditPeriod.lastCompleted("day@18", LocalDateTime.of(2026, 3, 1, 9, 0)));
        assertEquals(new AuditPeriod(LocalDateTime.of(2026, 3, 1, 7, 0), LocalDateTime.of(2026, 3, 1, 8, 0)),
                AuditPeriod.lastCompleted("hour", LocalDateTime.of(2026, 3, 1, 8, 30)));
        assertEquals(new AuditPeriod(LocalDateTime.of(2023, 1, 1, 0, 0), LocalDateTime.of(2024, 1, 1, 0, 0)),
                AuditPeriod.lastCompleted("year", LocalDateTime.of(2025, 1, 1, 0, 0)));
        AuditPeriod current = AuditPeriod.bounds("month", true, Instant.parse("2026-11-21T05:37:39.763311Z"));
        assertEquals("2026-11-01 00:00:00", AuditPeriod.pythonStr(current.beginning()));
        assertEquals("2026-11-21 05:37:39.763311", AuditPeriod.pythonStr(current.ending()));
    }

    @Test
    void instanceNamesFollowTheTemplate() {
        assertEquals("instance-0000002a", new InstanceNames(null).name(instance));
        assertEquals("vm-42", new InstanceNames("vm-%d").name(instance));
        assertEquals("vm-" + instance.uuid(), new InstanceNames("vm-%(uuid)s").name(instance));
        assertEquals(instance.uuid(), new InstanceNames("%(nosuchfield)s").name(instance));
    }

    @Test
    void pythonSpellings() {
        assertEquals("{'a': None, 'b': True, 'c': [1, 2.5], 'd': \"it's\", 'e': 'say \"hi\"\\n'}",
                PythonRepr.of(Json.parse("{\"a\": null, \"b\": true, \"c\": [1, 2.5], \"d\": \"it's\","
                        + " \"e\": \"say \\\"hi\\\"\\n\"}")));
        ExceptionFacts plain = ExceptionFacts.of(new IllegalStateException("boom"));
        assertEquals("IllegalStateException('boom')", plain.repr());
        assertEquals("IllegalStateException", plain.faultMessage(), "exception_to_dict: no format_message");
        assertEquals(500, plain.code());
        assertEquals("ab", ExceptionFacts.truncateUtf8("abé", 3));
    }

    @Test
    void legacyQuirks() {
        Instance copy = instance.copy();
        copy.setField("progress", Json.NODES.numberNode(40));
        copy.setField("created_at", Json.NODES.nullNode());
        ObjectNode p = LegacyInstanceInfo.build(copy, "u", null);
        assertEquals(40, p.get("progress").intValue());
        assertEquals("None", p.get("created_at").asText(), "python str(None)");
        assertTrue(!p.has("fixed_ips"), "fixed_ips only when nova passes network_info");
        assertEquals("", LegacyInstanceInfo.build(instance, "u", null).get("progress").asText());
    }
}
