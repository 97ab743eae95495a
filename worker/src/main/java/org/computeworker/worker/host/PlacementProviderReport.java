package org.computeworker.worker.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.objects.ComputeNode;
import org.computeworker.worker.config.ComputeOptions;
import org.computeworker.worker.placement.CapabilityTraits;
import org.computeworker.worker.placement.Inventory;
import org.computeworker.worker.placement.Placement;
import org.computeworker.worker.placement.ProviderRecord;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.HostResources;

/**
 * nova's _update_to_placement for a node: the provider ensured, the inventory nova's fake and
 * libvirt drivers report (VCPU, MEMORY_MB, DISK_GB: units of 1 up to the total; reserved from
 * reserved_host_cpus, reserved_host_memory_mb and reserved_host_disk_mb rounded up to GB;
 * allocation ratios configured, else kept from placement, else the initial ones), and the traits of
 * the driver's capabilities, COMPUTE_NODE and, for a disabled service, COMPUTE_STATUS_DISABLED.
 */
public final class PlacementProviderReport implements ProviderReport {
    private final Placement placement;
    private final ComputeDriver driver;
    private final ComputeOptions options;
    private final List<String> imageTypeExcludeList;

    public PlacementProviderReport(Placement placement, ComputeDriver driver, ComputeOptions options,
                                   List<String> imageTypeExcludeList) {
        this.placement = placement;
        this.driver = driver;
        this.options = options;
        this.imageTypeExcludeList = imageTypeExcludeList;
    }

    @Override
    public void report(ComputeNode node, HostResources resources, boolean serviceDisabled) {
        String rp = node.uuid();
        placement.ensureProvider(rp, node.hypervisorHostname());
        Map<String, Inventory> existing = placement.cachedProvider(rp).map(ProviderRecord::inventory).orElse(Map.of());
        Map<String, Inventory> inventory = new LinkedHashMap<>();
        inventory.put("VCPU", Inventory.of(resources.vcpus(), options.reservedHostCpus(),
                ratio(options.cpuAllocationRatio(), existing.get("VCPU"), options.initialCpuAllocationRatio())));
        inventory.put("MEMORY_MB", Inventory.of(resources.memoryMb(), options.reservedHostMemoryMb(),
                ratio(options.ramAllocationRatio(), existing.get("MEMORY_MB"), options.initialRamAllocationRatio())));
        inventory.put("DISK_GB", Inventory.of(resources.localGb(), (options.reservedHostDiskMb() + 1023) / 1024,
                ratio(options.diskAllocationRatio(), existing.get("DISK_GB"), options.initialDiskAllocationRatio())));
        placement.updateInventory(rp, inventory);
        placement.updateTraits(rp, CapabilityTraits.of(driver.capabilities(), imageTypeExcludeList), serviceDisabled);
    }

    @Override
    public void status(ComputeNode node, boolean serviceDisabled) {
        placement.updateTraits(node.uuid(), CapabilityTraits.of(driver.capabilities(), imageTypeExcludeList),
                serviceDisabled);
    }

    /** nova's _get_allocation_ratios: the configured ratio, else what placement holds, else the initial one. */
    private static double ratio(Double configured, Inventory existing, double initial) {
        if (configured != null && configured > 0) {
            return configured;
        }
        return existing != null ? existing.allocationRatio() : initial;
    }
}
