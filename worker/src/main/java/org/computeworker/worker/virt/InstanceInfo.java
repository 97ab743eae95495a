package org.computeworker.worker.virt;

/** What get_info returns: the guest's power state as the hypervisor reports it. */
public record InstanceInfo(PowerState state, String internalId) {
}
