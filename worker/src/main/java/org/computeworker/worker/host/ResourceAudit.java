package org.computeworker.worker.host;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.objects.ComputeNode;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.compute.resources.ResourceTracker;
import org.computeworker.worker.record.ComputeNodeRecord;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.HostResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's update_available_resource, at start and every update_resources_interval: for each node
 * the driver reports, the compute node record is found or created (its uuid is the record's, so it
 * stays across restarts), the tracker's ledger is rebuilt from what the record places on the node
 * (with a control plane: usage left by moves that ended elsewhere or while the worker was down goes
 * away), the node is saved when something changed, and placement is brought in line.
 */
public final class ResourceAudit {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceAudit.class);

    private final String host;
    private final ComputeDriver driver;
    private final ResourceTracker tracker;
    private final ComputeNodeRecord nodes;
    private final UsageAudit usage;
    private final boolean rebuildLedger;
    private final ComputeNodeFields fields;
    private final ProviderReport placement;
    private final ServiceHeartbeat service;
    private final Map<String, ComputeNode> known = new HashMap<>();

    /** @param rebuildLedger the record is nova's database (not this host's own file): its view replaces the ledger */
    public ResourceAudit(String host, ComputeDriver driver, ResourceTracker tracker, ComputeNodeRecord nodes,
                         UsageAudit usage, boolean rebuildLedger, ComputeNodeFields fields, ProviderReport placement,
                         ServiceHeartbeat service) {
        this.host = host;
        this.driver = driver;
        this.tracker = tracker;
        this.nodes = nodes;
        this.usage = usage;
        this.rebuildLedger = rebuildLedger;
        this.fields = fields;
        this.placement = placement;
        this.service = service;
    }

    public synchronized void run() {
        RequestContext ctx = RequestContext.admin();
        for (String nodename : driver.availableNodes()) {
            HostResources resources = driver.availableResource(nodename);
            ComputeNode node = node(ctx, nodename, resources);
            long started = System.nanoTime();
            UsageAudit.Result held = usage.audit(ctx, nodename);
            if (rebuildLedger) {
                int changed = tracker.replaceAll(held.claims(), started);
                if (changed > 0) {
                    LOG.info("resource audit of {}: {} claim(s) corrected from the record", nodename, changed);
                }
            }
            fields.apply(node, resources, tracker.used(), held.instances());
            if (!node.changes().isEmpty()) {
                nodes.save(ctx, node);
            }
            placement.report(node, resources, service.disabled());
            LOG.debug("Compute_service record updated for {}:{}", host, nodename);
        }
    }

    private ComputeNode node(RequestContext ctx, String nodename, HostResources resources) {
        ComputeNode node = known.get(nodename);
        if (node == null) {
            node = nodes.getByHostAndNodename(ctx, host, nodename).orElse(null);
        }
        if (node == null) {
            node = ComputeNode.create(host);
            fields.creating(node);
            fields.apply(node, resources, tracker.used(), List.<Instance>of());
            nodes.create(ctx, node);
            LOG.info("Compute node record created for {}:{} with uuid: {}", host, nodename, node.uuid());
        }
        known.put(nodename, node);
        return node;
    }

    /** set_host_enabled: the trait of every node known here follows the service's new state. */
    public synchronized void serviceEnabled(boolean enabled) {
        if (known.isEmpty()) {
            throw new org.computeworker.worker.errors.NovaException("ComputeHostNotFound", 404,
                    "Compute host " + host + " could not be found.", java.util.Map.of("host", host));
        }
        service.noteEnabled(enabled);
        known.values().forEach(node -> placement.status(node, !enabled));
    }

    /** The compute node of {@code nodename} as last reported (null before the first audit). */
    public synchronized ComputeNode node(String nodename) {
        return known.get(nodename);
    }
}
