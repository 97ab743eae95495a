package org.computeworker.worker.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.computeworker.worker.placement.ConsumerAllocations.ProviderAllocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Allocations as a compute host handles them, against OpenStack Placement itself. */
@Tag("placement")
class PlacementAllocationsTest {
    private static final Map<String, Integer> FLAVOR = Map.of("VCPU", 2, "MEMORY_MB", 512, "DISK_GB", 10);
    private static RealPlacement placement;
    private static OtherWriter scheduler;
    private PlacementClient client;
    private String node;

    @BeforeAll
    static void start() throws Exception {
        placement = RealPlacement.shared();
        scheduler = new OtherWriter(placement);
    }

    @BeforeEach
    void computeNode() {
        client = placement.client();
        node = UUID.randomUUID().toString();
        assertTrue(client.ensureProvider(node, "host-" + node));
        assertTrue(client.updateInventory(node, PlacementProvidersTest.inventory(8)));
    }

    @Test
    void revertMovesTheMigrationsAllocationsToTheInstance() throws Exception {
        String migration = UUID.randomUUID().toString();
        String instance = UUID.randomUUID().toString();
        scheduler.claim(migration, node, FLAVOR, "project-1", "user-1");

        ConsumerAllocations held = client.allocations(migration);
        assertEquals(Map.of(node, FLAVOR), resources(held));
        assertEquals("project-1", held.projectId());
        assertEquals("user-1", held.userId());
        assertEquals(1, held.consumerGeneration());
        ConsumerAllocations none = client.allocations(instance);
        assertTrue(none.isEmpty());
        assertNull(none.consumerGeneration());

        int mark = placement.mark();
        assertTrue(client.moveAllocations(migration, instance));
        assertEquals(List.of("POST /allocations 204"),
                placement.since(mark).stream().filter(l -> l.startsWith("POST")).toList());
        assertEquals(Map.of(node, FLAVOR), resources(client.allocations(instance)));
        assertEquals("project-1", client.allocations(instance).projectId());
        assertTrue(client.allocations(migration).isEmpty());

        assertTrue(client.moveAllocations(migration, instance), "already moved counts as moved");
        assertEquals(Map.of(node, FLAVOR), resources(client.allocations(instance)));
    }

    @Test
    void moveReplacesWhatTheTargetHeldAndNothingToMoveIsFalse() {
        String source = UUID.randomUUID().toString();
        String target = UUID.randomUUID().toString();
        scheduler.claim(source, node, FLAVOR, "p", "u");
        scheduler.claim(target, node, Map.of("VCPU", 1), "p", "u");
        assertTrue(client.moveAllocations(source, target));
        assertEquals(Map.of(node, FLAVOR), resources(client.allocations(target)));

        assertFalse(client.moveAllocations(UUID.randomUUID().toString(), UUID.randomUUID().toString()));
    }

    @Test
    void deleteReadsThenPutsEmptyAllocationsWithTheConsumerGeneration() throws Exception {
        String instance = UUID.randomUUID().toString();
        scheduler.claim(instance, node, FLAVOR, "p", "u");
        int mark = placement.mark();
        assertTrue(client.deleteAllocations(instance, false));
        assertTrue(client.allocations(instance).isEmpty());
        assertFalse(client.deleteAllocations(instance, false), "nothing left to delete");

        List<String> sent = placement.since(mark).stream().filter(l -> l.contains("/allocations/" + instance)).toList();
        assertEquals(List.of("GET /allocations/" + instance + " 200", "PUT /allocations/" + instance + " 204"),
                sent.subList(0, 2));
        assertEquals(0, sent.stream().filter(l -> l.startsWith("DELETE")).count());
    }

    @Test
    void forcedDeleteUsesDelete() throws Exception {
        String instance = UUID.randomUUID().toString();
        scheduler.claim(instance, node, FLAVOR, "p", "u");
        int mark = placement.mark();
        assertTrue(client.deleteAllocations(instance, true));
        assertFalse(client.deleteAllocations(instance, true), "placement answers 404 for a consumer with nothing");
        assertEquals(List.of("DELETE /allocations/" + instance + " 204", "DELETE /allocations/" + instance + " 404"),
                placement.since(mark));
        assertTrue(client.allocations(instance).isEmpty());
    }

    private static Map<String, Map<String, Integer>> resources(ConsumerAllocations a) {
        return a.allocations().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> ((ProviderAllocation) e.getValue()).resources()));
    }
}
