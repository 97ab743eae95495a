package org.computeworker.worker.compute;

import org.computeworker.worker.dispatch.RpcEndpoint;

/**
 * The worker's own RPC methods, in a namespace nova does not use ({@code computeworker} 1.0) so
 * they never collide with nova's: {@code noop} for benchmarks and health probes.
 */
public final class WorkerExtensionEndpoint {
    public static final String NAMESPACE = "computeworker";

    private WorkerExtensionEndpoint() {
    }

    public static RpcEndpoint create() {
        return RpcEndpoint.builder("WorkerExtension", NAMESPACE, "1.0")
                .method("noop", call -> null)
                .build();
    }
}
