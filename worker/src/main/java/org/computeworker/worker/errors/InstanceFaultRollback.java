package org.computeworker.worker.errors;


/**
 * nova's InstanceFaultRollback: the operation failed before changing the guest, so the instance
 * goes back to the state it had (not ERROR) and the inner error is what the caller sees.
 */
public final class InstanceFaultRollback extends RuntimeException {
    private final NovaException inner;

    public InstanceFaultRollback(NovaException inner) {
        super("Instance rollback performed due to: " + inner.getMessage(), inner);
        this.inner = inner;
    }

    public NovaException inner() {
        return inner;
    }
}
