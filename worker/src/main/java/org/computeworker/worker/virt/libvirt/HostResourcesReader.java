package org.computeworker.worker.virt.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.virt.HostResources;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;

/**
 * nova's get_available_resource for libvirt: vCPUs and memory from the node, memory in use from
 * /proc/meminfo, vCPUs in use by running guests, disk from the image backend's storage.
 */
final class HostResourcesReader {
    private static final int ACTIVE_DOMAINS = 1;
    private static final long GIB = 1L << 30;

    private final LibvirtHost host;
    private final ImageBackend disks;
    private final Path meminfo;

    HostResourcesReader(LibvirtHost host, ImageBackend disks, Path meminfo) {
        this.host = host;
        this.disks = disks;
        this.meminfo = meminfo;
    }

    HostResources read() throws LibvirtException {
        NodeInfo node = host.call(Connect::nodeInfo);
        int memoryMb = (int) (node.memory / 1024);
        int vcpusUsed = host.call(HostResourcesReader::runningVcpus);
        long total = disks.totalBytes();
        long free = disks.availableBytes();
        String type = host.call(Connect::getType);
        long version = host.call(Connect::getVersion);
        String hostname = host.call(Connect::getHostName);
        return new HostResources(hostname, node.cpus, memoryMb, (int) (total / GIB), vcpusUsed,
                Math.min(memoryMb, usedMemoryMb()), (int) ((total - free) / GIB), type, version, cpuInfo(node),
                (int) (free / GIB));
    }

    /** nova's cpu_info JSON, from what libvirt's node info tells (no CPU model or feature list). */
    private static String cpuInfo(NodeInfo node) {
        var info = org.computeworker.messages.Json.object();
        info.put("arch", node.model);
        info.putObject("topology").put("cells", node.nodes).put("sockets", node.sockets).put("cores", node.cores)
                .put("threads", node.threads);
        info.putArray("features");
        return org.computeworker.messages.Json.write(info);
    }

    /** nova's _get_vcpu_used: the vCPUs of every running guest (1 when libvirt cannot tell). */
    private static int runningVcpus(Connect connection) throws LibvirtException {
        int total = 0;
        for (Domain domain : connection.listAllDomains(ACTIVE_DOMAINS)) {
            try {
                total += domain.getInfo().nrVirtCpu;
            } catch (LibvirtException e) {
                total += 1;
            }
        }
        return total;
    }

    /**
     * MemTotal minus nova's _get_avail_memory_kb (MemFree + Buffers + Cached), all from
     * /proc/meminfo: nova subtracts the available memory from libvirt's total instead, which goes
     * negative where libvirt under-reports the total (NUMA node files in some containers).
     */
    private int usedMemoryMb() {
        Map<String, Long> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(meminfo)) {
                String[] parts = line.split("\\s+");
                if (parts.length >= 2) {
                    values.put(parts[0], Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        long available = values.getOrDefault("MemFree:", 0L) + values.getOrDefault("Buffers:", 0L)
                + values.getOrDefault("Cached:", 0L);
        return (int) (Math.max(0, values.getOrDefault("MemTotal:", 0L) - available) / 1024);
    }
}
