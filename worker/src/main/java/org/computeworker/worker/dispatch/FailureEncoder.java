package org.computeworker.worker.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.rpc.RemoteFailure;
import org.computeworker.worker.errors.WireError;

/**
 * Turns an exception into the failure a reply carries. Nova and oslo exceptions keep their Python
 * names (so a Python caller re-raises them); anything else is named by its Java class, which a
 * Python caller receives as a RemoteError, as for any exception it cannot import.
 */
public final class FailureEncoder {
    private static final int MAX_TRACEBACK_LINES = 40;

    private FailureEncoder() {
    }

    public static RemoteFailure encode(Throwable error) {
        if (error instanceof WireError w) {
            return new RemoteFailure(w.pythonClass(), w.pythonModule(), error.getMessage(), traceback(error),
                    w.wireArgs(), w.wireKwargs());
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (error instanceof MalformedMessageException) {
            // A Python caller rebuilds builtins exceptions: it sees ValueError_Remote with the reason.
            String text = "malformed message: " + message;
            return new RemoteFailure("ValueError", "builtins", text, traceback(error), Json.array().add(text),
                    Json.object());
        }
        Class<?> type = error.getClass();
        return new RemoteFailure(type.getSimpleName(), type.getPackageName(), message, traceback(error),
                message.isEmpty() ? Json.array() : Json.array().add(message), Json.object());
    }

    /** Java frames in the place of a Python traceback: a caller logs them as they come. */
    static List<String> traceback(Throwable error) {
        List<String> lines = new ArrayList<>();
        lines.add("Traceback (Java, most recent call first):\n");
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < frames.length && i < MAX_TRACEBACK_LINES; i++) {
            lines.add("  at " + frames[i] + "\n");
        }
        lines.add(error.getClass().getName() + ": " + (error.getMessage() == null ? "" : error.getMessage()) + "\n");
        return lines;
    }
}
