package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.computeworker.messages.rpc.RemoteFailure;

/**
 * The remote endpoint raised an exception; what a Python caller would see as
 * {@code <Class>_Remote} (allowed modules) or {@code oslo_messaging.RemoteError}.
 */
public class RemoteError extends RpcException {
    private final transient RemoteFailure failure;

    public RemoteError(RemoteFailure failure) {
        super(failure.qualifiedName() + ": " + failure.message());
        this.failure = failure;
    }

    public RemoteFailure failure() {
        return failure;
    }

    /** The exception class name alone, e.g. {@code InstanceInvalidState}. */
    public String remoteClass() {
        return failure.className();
    }

    /** The module it was raised from, e.g. {@code nova.exception} or {@code builtins}. */
    public String remoteModule() {
        return failure.module();
    }

    /** The Python qualified name, e.g. {@code nova.exception.InstanceInvalidState}. */
    public String qualifiedName() {
        return failure.qualifiedName();
    }

    public String remoteMessage() {
        return failure.message();
    }

    /** The keyword arguments nova exceptions carry (e.g. {@code instance_uuid}, {@code state}). */
    public ObjectNode kwargs() {
        return failure.kwargs();
    }

    public List<String> remoteTraceback() {
        return failure.traceback();
    }
}
