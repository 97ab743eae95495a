package org.computeworker.worker.compute;

import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.dispatch.FailureEncoder;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.record.ActionEventRecord;
import org.computeworker.worker.record.FaultRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's add_instance_fault_from_exc / exception_to_dict: code from the exception (500 unless a
 * nova exception says otherwise), its message (or class name), and details (the traceback) only
 * for 500s. A fault that cannot be recorded is logged; the operation's own error is what counts.
 */
public final class InstanceFaults {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceFaults.class);
    private final FaultRecord record;
    private final String host;

    public InstanceFaults(FaultRecord record, String host) {
        this.record = record;
        this.host = host;
    }

    public void record(RequestContext ctx, String instanceUuid, Throwable error) {
        int code = error instanceof NovaException n ? n.code() : 500;
        String details = code == 500 ? String.join("", FailureEncoder.encode(error).traceback()) : "";
        try {
            record.create(ctx, new FaultRecord.Fault(instanceUuid, code, truncate(message(error), 255), details, host));
        } catch (RuntimeException e) {
            LOG.error("could not record the fault of instance {} ({}): {}", instanceUuid, message(error), e.toString());
        }
    }

    /** What an action event records of a failure: nova's serialize_args gives format_message() or the class name. */
    public static ActionEventRecord.Failure eventFailure(Throwable error) {
        return new ActionEventRecord.Failure(message(error), String.join("", FailureEncoder.encode(error).traceback()));
    }

    /** nova's format_message() for a nova exception, else the exception's class name. */
    static String message(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isEmpty() || !(error instanceof NovaException)) {
            return error instanceof NovaException n ? n.pythonClass() : error.getClass().getSimpleName();
        }
        return message;
    }

    public static boolean isInstanceNotFound(Throwable e) {
        return e instanceof NovaException n && n.is(NovaError.INSTANCE_NOT_FOUND);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
