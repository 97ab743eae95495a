package org.computeworker.worker.compute.interceptors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.computeworker.worker.compute.Invocation;

/** A cross-cutting rule around a compute operation, as one of nova's ComputeManager decorators. */
@FunctionalInterface
public interface Interceptor {
    JsonNode around(Invocation invocation, OperationStep next) throws Exception;

    /** Wraps {@code body} so that the first interceptor is the outermost, as decorators read top-down. */
    static OperationStep chain(List<Interceptor> interceptors, OperationStep body) {
        OperationStep step = body;
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            Interceptor interceptor = interceptors.get(i);
            OperationStep next = step;
            step = inv -> interceptor.around(inv, next);
        }
        return step;
    }
}
