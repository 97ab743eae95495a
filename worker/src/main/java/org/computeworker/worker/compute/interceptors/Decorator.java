package org.computeworker.worker.compute.interceptors;

/** nova's ComputeManager decorators, each one an {@link Interceptor} here. */
public enum Decorator {
    /** {@code @wrap_exception()}: a failure is announced (legacy and versioned) and re-raised. */
    WRAP_EXCEPTION,
    /** {@code @reverts_task_state}: a failure clears task_state, unless another flow owns the instance. */
    REVERTS_TASK_STATE,
    /** {@code @wrap_instance_event(prefix='compute')}: the method is an event of the request's action. */
    WRAP_INSTANCE_EVENT,
    /** {@code @errors_out_migration}: a failure leaves the migration in status error. */
    ERRORS_OUT_MIGRATION,
    /** {@code @wrap_instance_fault}: a failure (but InstanceNotFound) is recorded as an instance fault. */
    WRAP_INSTANCE_FAULT
}
