package org.computeworker.worker.compute;

import java.util.List;
import org.computeworker.worker.compute.interceptors.ErrorsOutMigration;
import org.computeworker.worker.compute.interceptors.Interceptor;
import org.computeworker.worker.compute.interceptors.OperationStep;
import org.computeworker.worker.compute.interceptors.RevertsTaskState;
import org.computeworker.worker.compute.interceptors.WrapException;
import org.computeworker.worker.compute.interceptors.WrapInstanceEvent;
import org.computeworker.worker.compute.interceptors.WrapInstanceFault;
import org.computeworker.worker.compute.ops.BuildAndRunInstance;
import org.computeworker.worker.compute.ops.ConfirmResize;
import org.computeworker.worker.compute.ops.FinishResize;
import org.computeworker.worker.compute.ops.FinishRevertResize;
import org.computeworker.worker.compute.ops.PrepResize;
import org.computeworker.worker.compute.ops.ResizeInstance;
import org.computeworker.worker.compute.ops.RevertResize;
import org.computeworker.worker.compute.ops.StartInstance;
import org.computeworker.worker.compute.ops.StopInstance;
import org.computeworker.worker.dispatch.RpcEndpoint;

/**
 * nova's ComputeManager as an RPC endpoint (target version 6.1, Zed's): each method is admitted
 * against local state first, then runs inside the decorators nova puts on it, in nova's order.
 */
public final class ComputeEndpoint {
    public static final String VERSION = "6.1";

    private ComputeEndpoint() {
    }

    public static RpcEndpoint create(ComputeServices s) {
        Interceptor wrapException = new WrapException(s.notifier());
        Interceptor revertsTaskState = new RevertsTaskState(s.instances());
        Interceptor instanceEvent = new WrapInstanceEvent(s.actions(), s.host());
        Interceptor errorsOutMigration = new ErrorsOutMigration(s.migrations());
        Interceptor instanceFault = new WrapInstanceFault(new InstanceFaults(s.faults(), s.host()));

        List<Interceptor> plain = List.of(wrapException, revertsTaskState, instanceEvent, instanceFault);
        List<Interceptor> withMigration = List.of(wrapException, revertsTaskState, instanceEvent, errorsOutMigration,
                instanceFault);
        List<Interceptor> confirm = List.of(wrapException, instanceEvent, errorsOutMigration, instanceFault);

        StopInstance stop = new StopInstance(s);
        RpcEndpoint.Builder b = RpcEndpoint.builder("ComputeManager", null, VERSION);
        register(b, new PrepResize(s), plain);
        register(b, new ResizeInstance(s), withMigration);
        register(b, new FinishResize(s), withMigration);
        register(b, new ConfirmResize(s), confirm);
        register(b, new RevertResize(s), withMigration);
        register(b, new FinishRevertResize(s, stop), withMigration);
        register(b, new StartInstance(s), plain);
        register(b, stop, plain);
        register(b, new BuildAndRunInstance(s), plain);
        return b.build();
    }

    private static void register(RpcEndpoint.Builder b, ComputeOperation op, List<Interceptor> interceptors) {
        OperationStep chain = Interceptor.chain(interceptors, op::run);
        b.method(op.method(), call -> {
            Invocation inv = new Invocation(call);
            op.admit(inv);
            return chain.proceed(inv);
        });
    }
}
