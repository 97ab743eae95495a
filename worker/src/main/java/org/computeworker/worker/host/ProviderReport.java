package org.computeworker.worker.host;

import org.computeworker.messages.objects.ComputeNode;
import org.computeworker.worker.virt.HostResources;

/**
 * The node's resource provider in placement, as nova's report client keeps it from the resource
 * tracker's _update_to_placement: the provider (uuid = compute node uuid, name = nodename), its
 * inventory and traits.
 */
public interface ProviderReport {
    /**
     * Brings placement in line with the node; writes only what changed.
     *
     * @param serviceDisabled the nova-compute service is disabled (trait COMPUTE_STATUS_DISABLED)
     */
    void report(ComputeNode node, HostResources resources, boolean serviceDisabled);

    /** Only the COMPUTE_STATUS_DISABLED trait, when the API changed the service (set_host_enabled). */
    void status(ComputeNode node, boolean serviceDisabled);

    /** Standalone: no placement. */
    ProviderReport NONE = new ProviderReport() {
        @Override
        public void report(ComputeNode node, HostResources resources, boolean serviceDisabled) {
        }

        @Override
        public void status(ComputeNode node, boolean serviceDisabled) {
        }
    };
}
