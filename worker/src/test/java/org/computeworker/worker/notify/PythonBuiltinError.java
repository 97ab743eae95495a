package org.computeworker.worker.notify;

import org.computeworker.worker.errors.WireError;

/** An exception that stands for a Python builtin one (ValueError, KeyError, ...) with one argument. */
final class PythonBuiltinError extends RuntimeException implements WireError {
    private final String pythonClass;

    PythonBuiltinError(String pythonClass, String message) {
        super(message);
        this.pythonClass = pythonClass;
    }

    @Override
    public String pythonModule() {
        return "builtins";
    }

    @Override
    public String pythonClass() {
        return pythonClass;
    }
}
