package org.computeworker.worker.compute.interceptors;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.compute.InstanceFaults;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.errors.UnexpectedTaskStateError;
import org.computeworker.worker.record.InstanceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.computeworker.worker.errors.RecordUnavailableException;

/**
 * nova's {@code @reverts_task_state}: on failure the instance's task_state is cleared, except when
 * the failure is an unexpected task state (another operation owns the instance now).
 */
public final class RevertsTaskState implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(RevertsTaskState.class);
    private final InstanceRecord instances;

    public RevertsTaskState(InstanceRecord instances) {
        this.instances = instances;
    }

    @Override
    public JsonNode around(Invocation inv, OperationStep next) throws Exception {
        try {
            return next.proceed(inv);
        } catch (UnexpectedTaskStateError e) {
            LOG.info("Task possibly preempted: {}", e.getMessage());
            throw e;
        } catch (RecordUnavailableException e) {
            throw e; // not a failure: the operation runs again once the record answers
        } catch (Exception e) {
            Instance instance = inv.instance();
            String original = instance.taskState();
            try {
                instance.setTaskState(null);
                instances.save(inv.context(), instance);
                LOG.info("Successfully reverted task state from {} on failure for instance.", original);
            } catch (RuntimeException saveFailure) {
                if (!InstanceFaults.isInstanceNotFound(saveFailure)) {
                    LOG.warn("Failed to revert task state for instance. Error: {}", saveFailure.getMessage());
                }
            }
            throw e;
        }
    }
}
