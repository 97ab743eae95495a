package org.computeworker.worker.virt;

/**
 * The capacity a driver reports for one node (nova's get_available_resource dict): totals and what
 * the hypervisor itself sees in use.
 */
public record HostResources(
        String hypervisorHostname,
        int vcpus,
        int memoryMb,
        int localGb,
        int vcpusUsed,
        int memoryMbUsed,
        int localGbUsed,
        String hypervisorType,
        long hypervisorVersion) {
}
