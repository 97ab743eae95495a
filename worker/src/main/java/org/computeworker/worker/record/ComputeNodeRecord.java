package org.computeworker.worker.record;

import java.util.Optional;
import org.computeworker.messages.objects.ComputeNode;
import org.computeworker.messages.rpc.RequestContext;

/** nova's ComputeNode object as the resource tracker uses it. */
public interface ComputeNodeRecord {
    /** {@code ComputeNode.get_by_host_and_nodename}; empty when the node was never recorded. */
    Optional<ComputeNode> getByHostAndNodename(RequestContext ctx, String host, String nodename);

    /** {@code compute_node.create()}: the node takes its id and uuid. */
    void create(RequestContext ctx, ComputeNode node);

    /** {@code compute_node.save()}. */
    void save(RequestContext ctx, ComputeNode node);
}
