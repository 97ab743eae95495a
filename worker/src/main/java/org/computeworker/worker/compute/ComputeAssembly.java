package org.computeworker.worker.compute;

import java.util.List;
import org.computeworker.worker.EndpointAssembly;
import org.computeworker.worker.WorkerRuntime;
import org.computeworker.worker.dispatch.RpcEndpoint;

/** The endpoints of a compute worker: nova's compute API and the worker's own extension. */
public final class ComputeAssembly implements EndpointAssembly {
    @Override
    public List<RpcEndpoint> endpoints(WorkerRuntime runtime) {
        return List.of(WorkerExtensionEndpoint.create());
    }
}
