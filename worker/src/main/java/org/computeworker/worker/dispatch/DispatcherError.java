package org.computeworker.worker.dispatch;

import org.computeworker.worker.errors.WireError;

/**
 * oslo.messaging's dispatcher errors, NoSuchMethod and UnsupportedVersion, with their exact
 * messages: a Python caller receives them as RemoteError, as from a real nova-compute.
 */
public final class DispatcherError extends RuntimeException implements WireError {
    private final String pythonClass;

    private DispatcherError(String pythonClass, String message) {
        super(message);
        this.pythonClass = pythonClass;
    }

    public static DispatcherError noSuchMethod(String method) {
        return new DispatcherError("NoSuchMethod", "Endpoint does not support RPC method " + method);
    }

    public static DispatcherError unsupportedVersion(String version, String method) {
        return new DispatcherError("UnsupportedVersion", "Endpoint does not support RPC version " + version
                + (method == null ? "" : ". Attempted method: " + method));
    }

    public boolean isNoSuchMethod() {
        return pythonClass.equals("NoSuchMethod");
    }

    @Override
    public String pythonModule() {
        return "oslo_messaging.rpc.dispatcher";
    }

    @Override
    public String pythonClass() {
        return pythonClass;
    }
}
