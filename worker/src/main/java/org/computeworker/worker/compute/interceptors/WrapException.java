package org.computeworker.worker.compute.interceptors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.worker.notify.Notifier;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.errors.RecordUnavailableException;

/**
 * nova's {@code @wrap_exception}: any failure is announced (legacy event_type = the method name
 * at ERROR, versioned compute.exception) with the call's arguments minus passwords, then re-raised.
 */
public final class WrapException implements Interceptor {
    private final Notifier notifier;

    public WrapException(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public JsonNode around(Invocation inv, OperationStep next) throws Exception {
        try {
            return next.proceed(inv);
        } catch (RecordUnavailableException e) {
            throw e; // not a failure: the operation runs again once the record answers
        } catch (Exception e) {
            ObjectNode args = inv.args().raw().deepCopy();
            args.remove(args.properties().stream().map(java.util.Map.Entry::getKey)
                    .filter(k -> k.contains("_pass")).toList());
            notifier.exception(inv.context(), inv.method(), args, e);
            throw e;
        }
    }
}
