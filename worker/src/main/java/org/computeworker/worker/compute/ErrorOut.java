package org.computeworker.worker.compute;

import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.errors.UnexpectedTaskStateError;
import org.computeworker.worker.record.InstanceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.computeworker.worker.errors.RecordUnavailableException;
import org.computeworker.worker.errors.InstanceFaultRollback;

/**
 * nova's {@code _error_out_instance_on_exception}: a rollback (InstanceFaultRollback) or
 * not-implemented failure puts the instance back to {@code rollbackState} with no task and raises
 * the inner error; any other failure sets vm_state ERROR.
 */
public final class ErrorOut {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorOut.class);

    @FunctionalInterface
    public interface Body<T> {
        T run() throws Exception;
    }

    private final InstanceRecord instances;

    public ErrorOut(InstanceRecord instances) {
        this.instances = instances;
    }

    public <T> T run(Invocation inv, String rollbackState, Body<T> body) throws Exception {
        try {
            return body.run();
        } catch (InstanceFaultRollback | UnsupportedOperationException e) {
            LOG.info("Setting instance back to {} after: {}", rollbackState, e.getMessage());
            Instance instance = inv.instance();
            instance.setVmState(rollbackState);
            instance.setTaskState(null);
            instances.save(inv.context(), instance);
            throw e instanceof InstanceFaultRollback r ? r.inner() : e;
        } catch (UnexpectedTaskStateError | RecordUnavailableException e) {
            throw e; // another flow owns the instance; or the operation runs again once the record answers
        } catch (Exception e) {
            LOG.error("Setting instance vm_state to ERROR: {}", e.getMessage());
            Instance instance = inv.instance();
            instance.setVmState(States.ERROR);
            instances.save(inv.context(), instance);
            throw e;
        }
    }
}
