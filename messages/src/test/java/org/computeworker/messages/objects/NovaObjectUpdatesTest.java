package org.computeworker.messages.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.computeworker.messages.Json;
import org.junit.jupiter.api.Test;

/** What a remotable method does with the conductor's answer, and the version manifests sent with class methods. */
class NovaObjectUpdatesTest {
    @Test
    void theConductorsUpdatesReplaceFieldsAndItsChangeListBecomesTheObjects() {
        Instance instance = Instance.from(Json.parse("""
                {"nova_object.name": "Instance", "nova_object.namespace": "nova", "nova_object.version": "2.7",
                 "nova_object.data": {"uuid": "u1", "task_state": "powering-off", "vm_state": "active"}}"""));
        instance.setVmState("stopped");
        instance.setTaskState(null);
        assertEquals(Set.of("vm_state", "task_state"), instance.changes());

        instance.applyUpdates(Json.parse("""
                {"updated_at": "2026-12-06T03:00:00Z", "task_state": null, "obj_what_changed": []}"""));
        assertEquals("2026-12-06T03:00:00Z", instance.string("updated_at"));
        assertEquals("stopped", instance.vmState(), "fields the conductor did not send stay as they were");
        assertTrue(instance.changes().isEmpty());
        assertFalse(instance.data().has("obj_what_changed"));
    }

    @Test
    void aComputeNodeRecordsAChangeOnlyWhenTheValueDiffers() {
        ComputeNode node = ComputeNode.from(Json.parse("""
                {"nova_object.name": "ComputeNode", "nova_object.namespace": "nova", "nova_object.version": "1.19",
                 "nova_object.data": {"vcpus": 4, "cpu_allocation_ratio": 4.0, "hypervisor_version": 1000}}"""));
        node.update("vcpus", 4);
        node.update("hypervisor_version", 1000L);
        node.update("cpu_allocation_ratio", 4.0);
        assertTrue(node.changes().isEmpty(), "4 from the conductor and 4L here are the same");
        node.update("vcpus", 8);
        assertEquals(Set.of("vcpus"), node.changes());
    }

    @Test
    void classMethodsCarryNovaZedsVersionManifests() {
        assertEquals("2.7", NovaObjectVersions.version("Instance"));
        assertEquals("1.7", NovaObjectVersions.manifest("MigrationList").path("Migration").asText());
        assertEquals("1.19", NovaObjectVersions.manifest("Instance").path("ComputeNode").asText(),
                "the manifest names every object the answer may contain");
        assertEquals("26.2.2", NovaObjectVersions.novaVersion());
    }
}
