package org.computeworker.worker.host;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.ComputeNode;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.worker.compute.resources.Usage;
import org.computeworker.worker.config.ComputeOptions;
import org.computeworker.worker.virt.HostResources;

/**
 * The compute node as nova's resource tracker fills it: the driver's capacity and description
 * (update_from_virt_driver), usage from what this node holds plus the reserved amounts
 * (_update_usage_from_instances), the per-state instance counts the scheduler's weighers read
 * (stats), and the allocation ratios (initial ones on creation, configured ones after).
 */
public final class ComputeNodeFields {
    private final ComputeOptions options;
    private final String hvType;

    /** @param hvType nova's HVType of the driver's guests (fake, qemu, kvm) for supported_hv_specs */
    public ComputeNodeFields(ComputeOptions options, String hvType) {
        this.options = options;
        this.hvType = hvType;
    }

    void creating(ComputeNode node) {
        node.update("cpu_allocation_ratio", options.initialCpuAllocationRatio());
        node.update("ram_allocation_ratio", options.initialRamAllocationRatio());
        node.update("disk_allocation_ratio", options.initialDiskAllocationRatio());
    }

    void apply(ComputeNode node, HostResources r, Usage used, List<Instance> instances) {
        node.update("hypervisor_hostname", r.hypervisorHostname());
        node.update("vcpus", r.vcpus());
        node.update("memory_mb", r.memoryMb());
        node.update("local_gb", r.localGb());
        node.update("cpu_info", r.cpuInfo());
        node.update("hypervisor_type", r.hypervisorType());
        node.update("hypervisor_version", r.hypervisorVersion());
        node.update("host_ip", options.myIp());
        node.update("disk_available_least", r.diskAvailableLeast());
        node.update("numa_topology", null);
        node.update("metrics", "[]");
        node.update("supported_hv_specs", hvSpecs());
        if (!node.isSet("pci_device_pools")) {
            ObjectNode pools = NovaObject.newPrimitive("PciDevicePoolList", "1.1");
            pools.with(NovaObject.DATA).putArray("objects");
            node.update("pci_device_pools", pools);
        }
        if (options.cpuAllocationRatio() != null && options.cpuAllocationRatio() > 0) {
            node.update("cpu_allocation_ratio", options.cpuAllocationRatio());
        }
        if (options.ramAllocationRatio() != null && options.ramAllocationRatio() > 0) {
            node.update("ram_allocation_ratio", options.ramAllocationRatio());
        }
        if (options.diskAllocationRatio() != null && options.diskAllocationRatio() > 0) {
            node.update("disk_allocation_ratio", options.diskAllocationRatio());
        }
        int memoryUsed = options.reservedHostMemoryMb() + (int) used.memoryMb();
        int diskUsed = options.reservedHostDiskMb() / 1024 + (int) used.diskGb();
        node.update("vcpus_used", options.reservedHostCpus() + (int) used.vcpus());
        node.update("memory_mb_used", memoryUsed);
        node.update("local_gb_used", diskUsed);
        node.update("free_ram_mb", r.memoryMb() - memoryUsed);
        node.update("free_disk_gb", r.localGb() - diskUsed);
        Map<String, String> stats = stats(instances, node);
        node.update("running_vms", Integer.parseInt(stats.get("num_instances")));
        node.update("current_workload", workload(stats));
        node.update("stats", Json.MAPPER.valueToTree(stats));
    }

    private ArrayNode hvSpecs() {
        ArrayNode specs = Json.array();
        ObjectNode spec = NovaObject.newPrimitive("HVSpec", "1.2");
        spec.with(NovaObject.DATA).put("arch", "x86_64").put("hv_type", hvType).put("vm_mode", "hvm");
        specs.add(spec);
        return specs;
    }

    /** nova's Stats: instances by vm_state, task_state, os_type and project, their I/O load, failed builds. */
    private static Map<String, String> stats(List<Instance> instances, ComputeNode node) {
        Map<String, Integer> counts = new TreeMap<>();
        int live = 0;
        for (Instance i : instances) {
            if (List.of("deleted", "shelved_offloaded").contains(i.vmState())) {
                continue;
            }
            live++;
            counts.merge("num_vm_" + i.vmState(), 1, Integer::sum);
            counts.merge("num_task_" + (i.taskState() == null ? "None" : i.taskState()), 1, Integer::sum);
            counts.merge("num_os_type_" + (i.string("os_type") == null ? "None" : i.string("os_type")), 1,
                    Integer::sum);
            counts.merge("num_proj_" + i.projectId(), 1, Integer::sum);
        }
        Map<String, String> stats = new TreeMap<>();
        counts.forEach((k, v) -> stats.put(k, String.valueOf(v)));
        stats.put("num_instances", String.valueOf(live));
        stats.put("io_workload", String.valueOf(counts.getOrDefault("num_vm_building", 0)
                + counts.getOrDefault("num_task_resize_migrating", 0) + counts.getOrDefault("num_task_rebuilding", 0)
                + counts.getOrDefault("num_task_resize_prep", 0) + counts.getOrDefault("num_task_image_snapshot", 0)
                + counts.getOrDefault("num_task_image_backup", 0) + counts.getOrDefault("num_task_rescuing", 0)
                + counts.getOrDefault("num_task_unshelving", 0)));
        String failed = node.dict("stats") == null ? null : node.dict("stats").path("failed_builds").asText(null);
        stats.put("failed_builds", failed == null ? "0" : failed);
        return stats;
    }

    private static int workload(Map<String, String> stats) {
        int w = 0;
        for (var e : stats.entrySet()) {
            if (e.getKey().startsWith("num_task") && !e.getKey().endsWith("None")) {
                w += Integer.parseInt(e.getValue());
            }
        }
        return w;
    }
}
