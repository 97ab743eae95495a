package org.computeworker.worker.virt;

/**
 * The capacity a driver reports for one node (nova's get_available_resource dict): totals, what
 * the hypervisor itself sees in use, and its description (cpu_info is nova's JSON string).
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
        long hypervisorVersion,
        String cpuInfo,
        int diskAvailableLeast) {
}
