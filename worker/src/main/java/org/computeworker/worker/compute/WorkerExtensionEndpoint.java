package org.computeworker.worker.compute;

import org.computeworker.worker.dispatch.RpcEndpoint;

/**
 * The worker's own RPC methods, in a namespace nova does not use ({@code computeworker} 1.0) so
 * they never collide with nova's: {@code noop} for benchmarks and health probes, and
 * {@code get_instance_state} for operators and tests.
 */
public final class WorkerExtensionEndpoint {
    public static final String NAMESPACE = "computeworker";

    private WorkerExtensionEndpoint() {
    }

    /** The endpoint without instance state (a worker that serves no compute API). */
    public static RpcEndpoint create() {
        return RpcEndpoint.builder("WorkerExtension", NAMESPACE, "1.0")
                .method("noop", call -> null)
                .build();
    }

    /** With {@code get_instance_state}: what this worker holds about an instance. */
    public static RpcEndpoint create(InstanceStateView states) {
        return RpcEndpoint.builder("WorkerExtension", NAMESPACE, "1.0")
                .method("noop", call -> null)
                .method("get_instance_state", call -> {
                    var uuid = new ComputeArgs(call.args()).string("instance_uuid");
                    if (uuid == null) {
                        throw new org.computeworker.messages.MalformedMessageException("argument 'instance_uuid' is missing");
                    }
                    return states.of(uuid);
                })
                .build();
    }
}
