package org.computeworker.worker;

import java.util.List;
import org.computeworker.worker.dispatch.RpcEndpoint;

/** Builds the RPC endpoints a worker serves from its runtime services. */
@FunctionalInterface
public interface EndpointAssembly {
    List<RpcEndpoint> endpoints(WorkerRuntime runtime);
}
