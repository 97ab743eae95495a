package org.computeworker.worker.record.local;

import java.util.Optional;
import java.util.UUID;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.ComputeNode;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.ComputeNodeRecord;
import org.computeworker.worker.state.RecordObjectStore;

/** Standalone: the compute node record is kept in the state file, its uuid stable across restarts. */
public final class LocalComputeNodes implements ComputeNodeRecord {
    private final RecordObjectStore store;

    public LocalComputeNodes(RecordObjectStore store) {
        this.store = store;
    }

    private static String key(String host, String nodename) {
        return host + "/" + nodename;
    }

    @Override
    public Optional<ComputeNode> getByHostAndNodename(RequestContext ctx, String host, String nodename) {
        return store.find(ComputeNode.OBJ_NAME, key(host, nodename)).map(ComputeNode::from);
    }

    @Override
    public void create(RequestContext ctx, ComputeNode node) {
        if (node.id() == null) {
            node.setField("id", Json.NODES.numberNode(1));
        }
        if (node.uuid() == null) {
            node.setField("uuid", Json.NODES.textNode(UUID.randomUUID().toString()));
        }
        save(ctx, node);
    }

    @Override
    public void save(RequestContext ctx, ComputeNode node) {
        node.resetChanges();
        store.put(key(node.host(), node.hypervisorHostname()), node);
    }
}
