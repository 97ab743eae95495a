package org.computeworker.worker.compute;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.computeworker.worker.compute.interceptors.Decorator;
import org.computeworker.worker.compute.interceptors.ErrorsOutMigration;
import org.computeworker.worker.compute.interceptors.Interceptor;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.interceptors.OperationStep;
import org.computeworker.worker.compute.interceptors.RevertsTaskState;
import org.computeworker.worker.compute.interceptors.WrapException;
import org.computeworker.worker.compute.interceptors.WrapInstanceEvent;
import org.computeworker.worker.compute.interceptors.WrapInstanceFault;
import org.computeworker.worker.dispatch.RpcEndpoint;

/**
 * nova's ComputeManager as an RPC endpoint (target version 6.1, Zed's): each operation runs its
 * admission check, then inside the decorators its class declares, in nova's order; with the
 * conductor as the record, an operation that could not reach it runs again ({@link RecordRetry}).
 */
public final class ComputeEndpoint {
    public static final String VERSION = "6.1";

    private ComputeEndpoint() {
    }

    public static RpcEndpoint create(ComputeServices s, List<ComputeOperation> operations) {
        return create(s, operations, null);
    }

    /** @param retry how an operation that could not reach nova's record runs again; null: it fails */
    public static RpcEndpoint create(ComputeServices s, List<ComputeOperation> operations, RecordRetry retry) {
        Map<Decorator, Interceptor> decorators = new EnumMap<>(Decorator.class);
        decorators.put(Decorator.WRAP_EXCEPTION, new WrapException(s.notifier()));
        decorators.put(Decorator.REVERTS_TASK_STATE, new RevertsTaskState(s.instances()));
        decorators.put(Decorator.WRAP_INSTANCE_EVENT, new WrapInstanceEvent(s.actionEvents(), s.host()));
        decorators.put(Decorator.ERRORS_OUT_MIGRATION, new ErrorsOutMigration(s.migrations()));
        decorators.put(Decorator.WRAP_INSTANCE_FAULT,
                new WrapInstanceFault(new InstanceFaults(s.record().faults(), s.host())));

        RpcEndpoint.Builder b = RpcEndpoint.builder("ComputeManager", null, VERSION);
        for (ComputeOperation op : operations) {
            List<Interceptor> chain = new ArrayList<>();
            chain.add((inv, next) -> {
                op.admit(inv);
                return next.proceed(inv);
            });
            for (Decorator d : declared(op)) {
                chain.add(decorators.get(d));
            }
            OperationStep step = Interceptor.chain(chain, op::run);
            b.method(op.method(), retry != null ? retry.around(op.method(), step)
                    : call -> step.proceed(new Invocation(call)));
        }
        return b.build();
    }

    /** The decorators an operation's class declares; none when it declares none. */
    static List<Decorator> declared(ComputeOperation op) {
        NovaDecorators d = op.getClass().getAnnotation(NovaDecorators.class);
        return d == null ? List.of() : List.of(d.value());
    }
}
