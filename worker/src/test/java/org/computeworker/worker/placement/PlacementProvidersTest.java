package org.computeworker.worker.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The provider half of the report client against OpenStack Placement itself. */
@Tag("placement")
class PlacementProvidersTest {
    private static RealPlacement placement;
    private static OtherWriter other;

    @BeforeAll
    static void start() throws Exception {
        placement = RealPlacement.shared();
        other = new OtherWriter(placement);
    }

    static Map<String, Inventory> inventory(int vcpus) {
        return Map.of("VCPU", Inventory.of(vcpus, 0, 16.0), "MEMORY_MB", Inventory.of(8192, 512, 1.5),
                "DISK_GB", Inventory.of(100, 0, 1.0));
    }

    private static String newProvider(PlacementClient c) {
        String uuid = UUID.randomUUID().toString();
        assertTrue(c.ensureProvider(uuid, "host-" + uuid));
        return uuid;
    }

    private static Set<String> traitsInPlacement(String rp) {
        Set<String> out = new TreeSet<>();
        other.get("/resource_providers/" + rp + "/traits", "1.6").path("traits").forEach(t -> out.add(t.asText()));
        return out;
    }

    @Test
    void providerIsCreatedOnceThenFound() throws Exception {
        int mark = placement.mark();
        PlacementClient c = placement.client();
        String uuid = UUID.randomUUID().toString();
        assertTrue(c.ensureProvider(uuid, "compute-1." + uuid));
        assertFalse(c.ensureProvider(uuid, "compute-1." + uuid));
        PlacementClient restarted = placement.client();
        assertFalse(restarted.ensureProvider(uuid, "compute-1." + uuid));
        assertEquals("compute-1." + uuid, restarted.cachedProvider(uuid).orElseThrow().name());

        assertEquals(1, placement.count(mark, "POST", "/resource_providers "));
        // The first client asked once and then used its cache; the restarted one read the provider in full.
        assertEquals(2, placement.count(mark, "GET", "/resource_providers?in_tree=" + uuid));
        assertEquals(1, placement.count(mark, "GET", "/resource_providers/" + uuid + "/traits"));
        assertEquals("compute-1." + uuid, other.get("/resource_providers/" + uuid, "1.14").path("name").asText());
    }

    @Test
    void inventoryIsWrittenOnceAndNotAgainWhileUnchanged() throws Exception {
        PlacementClient c = placement.client();
        String uuid = newProvider(c);
        int mark = placement.mark();
        assertTrue(c.updateInventory(uuid, inventory(8)));
        assertFalse(c.updateInventory(uuid, inventory(8)));
        PlacementClient restarted = placement.client();
        assertFalse(restarted.ensureProvider(uuid, "host-" + uuid));
        assertFalse(restarted.updateInventory(uuid, inventory(8)), "read from placement, found equal");
        assertEquals(1, placement.count(mark, "PUT", "/resource_providers/" + uuid + "/inventories"));

        JsonNode inv = other.get("/resource_providers/" + uuid + "/inventories", "1.26");
        assertEquals(1, inv.path("resource_provider_generation").asInt());
        assertEquals(inventory(8), Inventory.fromInventories(inv.path("inventories")));
        assertEquals(1, c.cachedProvider(uuid).orElseThrow().generation());
    }

    @Test
    void aGenerationConflictIsReadAgainAndRetried() throws Exception {
        PlacementClient c = placement.client();
        String uuid = newProvider(c);
        assertTrue(c.updateInventory(uuid, inventory(8)));
        other.setTraits(uuid, List.of("CUSTOM_OTHER_WRITER")); // generation 1 -> 2 behind the client's back
        int mark = placement.mark();
        assertTrue(c.updateInventory(uuid, inventory(16)));

        List<String> puts = placement.since(mark).stream().filter(l -> l.startsWith("PUT ")).toList();
        assertEquals(List.of("PUT /resource_providers/" + uuid + "/inventories 409",
                "PUT /resource_providers/" + uuid + "/inventories 200"), puts);
        assertEquals(16, Inventory.fromInventories(other.get("/resource_providers/" + uuid + "/inventories", "1.26")
                .path("inventories")).get("VCPU").total());
        ProviderRecord cached = c.cachedProvider(uuid).orElseThrow();
        assertEquals(3, cached.generation());
        assertEquals(Set.of("CUSTOM_OTHER_WRITER"), cached.traits());
    }

    @Test
    void traitsFollowCapabilitiesAndTheDisabledStateAndKeepOthersTraits() throws Exception {
        PlacementClient c = placement.client();
        String uuid = newProvider(c);
        other.setTraits(uuid, List.of("CUSTOM_RACK_7", "COMPUTE_IMAGE_TYPE_VHD"));
        Map<String, Boolean> caps = CapabilityTraits.of(Map.of("supports_attach_interface", true,
                "supports_multiattach", true, "supports_image_type_raw", true, "supports_image_type_vhd", false,
                "supports_migrate_to_same_host", false, "supports_remote_managed_ports", true,
                "has_imagecache", true), List.of());

        assertTrue(c.updateTraits(uuid, caps, true));
        assertEquals(Set.of("CUSTOM_RACK_7", "COMPUTE_NODE", "COMPUTE_STATUS_DISABLED", "COMPUTE_NET_ATTACH_INTERFACE",
                "COMPUTE_VOLUME_MULTI_ATTACH", "COMPUTE_IMAGE_TYPE_RAW"), traitsInPlacement(uuid));
        int mark = placement.mark();
        assertFalse(c.updateTraits(uuid, caps, true));
        assertEquals(0, placement.count(mark, "PUT", "/traits"));

        assertTrue(c.updateTraits(uuid, caps, false));
        assertFalse(traitsInPlacement(uuid).contains("COMPUTE_STATUS_DISABLED"));
        assertTrue(traitsInPlacement(uuid).contains("CUSTOM_RACK_7"));
    }

    @Test
    void everyTraitThisClientSetsIsAStandardTraitPlacementKnows() {
        Set<String> ours = new TreeSet<>(CapabilityTraits.allTraits());
        ours.add(ComputeNodeTraits.COMPUTE_NODE);
        ours.add(ComputeNodeTraits.COMPUTE_STATUS_DISABLED);
        Set<String> known = new TreeSet<>();
        other.get("/traits?name=in:" + String.join(",", ours), "1.6").path("traits").forEach(t -> known.add(t.asText()));
        assertEquals(ours, known);
    }

    @Test
    void aNameAnotherProviderHoldsIsAProviderNameConflict() {
        String name = "taken-" + UUID.randomUUID();
        assertTrue(placement.client().ensureProvider(UUID.randomUUID().toString(), name));
        String second = UUID.randomUUID().toString();
        ProviderNameConflictException e = assertThrows(ProviderNameConflictException.class,
                () -> placement.client().ensureProvider(second, name));
        assertTrue(e.getMessage().contains(second) && e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void removingInventoryThatAllocationsUseIsInventoryInUse() {
        PlacementClient c = placement.client();
        String uuid = newProvider(c);
        assertTrue(c.updateInventory(uuid, inventory(8)));
        other.claim(UUID.randomUUID().toString(), uuid, Map.of("VCPU", 2), "p", "u");
        Map<String, Inventory> noVcpu = Map.of("MEMORY_MB", Inventory.of(8192, 512, 1.5));
        InventoryInUseException e = assertThrows(InventoryInUseException.class, () -> c.updateInventory(uuid, noVcpu));
        assertTrue(e.getMessage().contains(uuid) && e.getMessage().contains("VCPU"), e.getMessage());
    }

    @Test
    void aCustomResourceClassIsCreatedBeforeItsInventory() {
        PlacementClient c = placement.client();
        String uuid = newProvider(c);
        assertTrue(c.updateInventory(uuid, Map.of("CUSTOM_WORKER_SLOTS", Inventory.of(4, 0, 1.0))));
        assertEquals(4, other.get("/resource_providers/" + uuid + "/inventories", "1.26").path("inventories")
                .path("CUSTOM_WORKER_SLOTS").path("total").asInt());
    }
}
