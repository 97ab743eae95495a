package org.computeworker.worker.record.conductor;

import java.util.Optional;
import org.computeworker.messages.objects.ComputeNode;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.record.ComputeNodeRecord;

/** nova's ComputeNode methods through the conductor. */
public final class ConductorComputeNodes implements ComputeNodeRecord {
    private final ConductorCalls conductor;

    public ConductorComputeNodes(ConductorCalls conductor) {
        this.conductor = conductor;
    }

    @Override
    public Optional<ComputeNode> getByHostAndNodename(RequestContext ctx, String host, String nodename) {
        try {
            return Optional.ofNullable(ComputeNode.from(conductor.classAction(ctx, ComputeNode.OBJ_NAME,
                    "get_by_host_and_nodename", ConductorCalls.args(host, nodename), ConductorCalls.kwargs())));
        } catch (NovaException e) {
            if (e.is(NovaError.COMPUTE_HOST_NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void create(RequestContext ctx, ComputeNode node) {
        conductor.action(ctx, node, "create", ConductorCalls.kwargs());
    }

    @Override
    public void save(RequestContext ctx, ComputeNode node) {
        conductor.action(ctx, node, "save", ConductorCalls.kwargs());
    }
}
