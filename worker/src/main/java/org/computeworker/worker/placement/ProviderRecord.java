package org.computeworker.worker.placement;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What this client last knew placement to hold for one resource provider (nova's ProviderTree
 * entry): the generation every write must quote, the inventory, the traits and the aggregates.
 */
public record ProviderRecord(String uuid, String name, int generation, Map<String, Inventory> inventory,
        Set<String> traits, Set<String> aggregates) {

    public ProviderRecord {
        inventory = Map.copyOf(inventory);
        traits = Set.copyOf(traits);
        aggregates = Set.copyOf(aggregates);
    }

    static ProviderRecord created(String uuid, String name, int generation) {
        return new ProviderRecord(uuid, name, generation, Map.of(), Set.of(), Set.of());
    }

    ProviderRecord withInventory(Map<String, Inventory> newInventory, int newGeneration) {
        return new ProviderRecord(uuid, name, newGeneration, newInventory, traits, aggregates);
    }

    ProviderRecord withTraits(Set<String> newTraits, int newGeneration) {
        return new ProviderRecord(uuid, name, newGeneration, inventory, newTraits, aggregates);
    }

    /** Sorted copies, for logs that can be compared by eye. */
    @Override
    public String toString() {
        return "ProviderRecord[" + uuid + " '" + name + "' generation " + generation + ", inventory "
                + new TreeMap<>(inventory) + ", traits " + new TreeSet<>(traits) + ", aggregates "
                + new TreeSet<>(aggregates) + "]";
    }
}
