package org.computeworker.worker.errors;

/**
 * The driver has no such feature: Python's NotImplementedError on the wire, which nova's callers
 * expect from drivers that lack one (the API then shows the field as unknown).
 */
public final class NotImplementedByDriver extends UnsupportedOperationException implements WireError {
    public NotImplementedByDriver(String what) {
        super(what);
    }

    @Override
    public String pythonModule() {
        return "builtins";
    }

    @Override
    public String pythonClass() {
        return "NotImplementedError";
    }
}
