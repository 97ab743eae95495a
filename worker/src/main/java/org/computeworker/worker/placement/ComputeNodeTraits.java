package org.computeworker.worker.placement;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** nova's ResourceTracker._get_traits: the traits a compute node's provider should carry. */
final class ComputeNodeTraits {
    static final String COMPUTE_NODE = "COMPUTE_NODE";
    static final String COMPUTE_STATUS_DISABLED = "COMPUTE_STATUS_DISABLED";
    private static final String REMOTE_MANAGED_PORTS = "COMPUTE_REMOTE_MANAGED_PORTS";

    private ComputeNodeTraits() {
    }

    /**
     * Starts from the provider's current traits, so traits set by others (CUSTOM_*, operators) stay;
     * adds the supported capability traits and removes the unsupported ones; always marks the
     * provider as a compute node; reports the service's disabled state.
     */
    static Set<String> wanted(Set<String> current, Map<String, Boolean> capabilityTraits, boolean serviceDisabled) {
        Set<String> traits = new TreeSet<>(current);
        capabilityTraits.forEach((trait, supported) -> {
            // nova exposes remote-managed ports only with such PCI devices whitelisted; this worker tracks no PCI.
            boolean add = supported && !REMOTE_MANAGED_PORTS.equals(trait);
            if (add) {
                traits.add(trait);
            } else {
                traits.remove(trait);
            }
        });
        traits.add(COMPUTE_NODE);
        if (serviceDisabled) {
            traits.add(COMPUTE_STATUS_DISABLED);
        } else {
            traits.remove(COMPUTE_STATUS_DISABLED);
        }
        return traits;
    }
}
