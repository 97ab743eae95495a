package org.computeworker.worker.compute;

import org.computeworker.worker.dispatch.FailureEncoder;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.state.FaultStore;

/**
 * nova's add_instance_fault_from_exc / exception_to_dict: code from the exception (500 unless a
 * nova exception says otherwise), its message (or class name), and details (the traceback) only
 * for 500s.
 */
public final class InstanceFaults {
    private final FaultStore store;
    private final String host;

    public InstanceFaults(FaultStore store, String host) {
        this.store = store;
        this.host = host;
    }

    public void record(String instanceUuid, Throwable error) {
        int code = error instanceof NovaException n ? n.code() : 500;
        String message = error.getMessage();
        if (message == null || message.isEmpty() || !(error instanceof NovaException)) {
            message = error instanceof NovaException n ? n.pythonClass() : error.getClass().getSimpleName();
        }
        String details = code == 500 ? String.join("", FailureEncoder.encode(error).traceback()) : "";
        store.add(new FaultStore.Fault(instanceUuid, code, truncate(message, 255), details, host,
                System.currentTimeMillis()));
    }

    public static boolean isInstanceNotFound(Throwable e) {
        return e instanceof NovaException n && n.pythonClass().equals("InstanceNotFound");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
