package org.computeworker.worker.notify;

import org.computeworker.messages.PythonRepr;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.errors.WireError;

/**
 * What nova's notification code reads from an exception: its Python class name, {@code str()},
 * {@code repr()}, fault message and code (compute.utils.exception_to_dict), and where it was
 * raised (ExceptionPayload.from_exception). A Java exception stands for the Python one it is on
 * the wire (nova's for a {@link NovaException}); Java frames stand in for the Python traceback.
 */
public record ExceptionFacts(String pythonClass, String qualifiedName, String str, String repr,
                             String faultMessage, int code, String moduleName, String functionName,
                             String traceback) {
    private static final int MAX_FRAMES = 40;
    /** nova truncates fault messages to the 255 bytes its database column holds. */
    private static final int FAULT_MESSAGE_BYTES = 255;
    private static final String FACTORY_PACKAGE = NovaException.class.getPackageName() + ".";

    public static ExceptionFacts of(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        String pythonClass = error instanceof WireError w ? w.pythonClass() : error.getClass().getSimpleName();
        String module = error instanceof WireError w ? w.pythonModule() : error.getClass().getPackageName();
        String qualified = "builtins".equals(module) ? pythonClass : module + "." + pythonClass;
        StackTraceElement origin = origin(error);
        boolean nova = error instanceof NovaException;
        return new ExceptionFacts(pythonClass, qualified, message,
                nova ? novaRepr((NovaException) error) : plainRepr(pythonClass, error),
                truncateUtf8(nova ? message : pythonClass, FAULT_MESSAGE_BYTES),
                nova ? ((NovaException) error).code() : 500,
                origin == null ? "unknown" : origin.getClassName(),
                origin == null ? "unknown" : origin.getMethodName(),
                traceback(error, qualified, message));
    }

    /** compute.utils.exception_to_dict: what legacy {@code *.error} payloads gain. */
    public ObjectNode faultFields() {
        ObjectNode fault = Json.object();
        fault.put("exception", repr);
        fault.put("message", faultMessage);
        fault.put("code", code);
        return fault;
    }

    /** NovaException.__repr__: its __dict__ (kwargs, message) plus the class name. */
    private static String novaRepr(NovaException e) {
        ObjectNode dict = Json.object();
        dict.set("kwargs", e.wireKwargs());
        dict.put("message", e.getMessage() == null ? "" : e.getMessage());
        dict.put("class", e.pythonClass());
        return PythonRepr.of(dict);
    }

    /** BaseException.__repr__: {@code Name('arg', ...)}. */
    private static String plainRepr(String pythonClass, Throwable error) {
        StringBuilder out = new StringBuilder(pythonClass).append('(');
        List<Object> args = new ArrayList<>();
        if (error instanceof WireError w) {
            for (JsonNode a : w.wireArgs()) {
                args.add(a);
            }
        } else if (error.getMessage() != null) {
            args.add(error.getMessage());
        }
        for (int i = 0; i < args.size(); i++) {
            out.append(i == 0 ? "" : ", ");
            PythonRepr.append(out, args.get(i));
        }
        return out.append(')').toString();
    }

    /** The frame that raised it, past the factories that only build exceptions. */
    private static StackTraceElement origin(Throwable error) {
        for (StackTraceElement frame : error.getStackTrace()) {
            if (!frame.getClassName().startsWith(FACTORY_PACKAGE)) {
                return frame;
            }
        }
        StackTraceElement[] frames = error.getStackTrace();
        return frames.length == 0 ? null : frames[0];
    }

    /** traceback.format_exception's lines, most recent call last, joined by ',' as nova joins them. */
    private static String traceback(Throwable error, String qualified, String message) {
        List<String> lines = new ArrayList<>();
        lines.add("Traceback (most recent call last):\n");
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = Math.min(frames.length, MAX_FRAMES) - 1; i >= 0; i--) {
            StackTraceElement f = frames[i];
            lines.add("  File \"" + f.getClassName() + "\", line " + f.getLineNumber() + ", in "
                    + f.getMethodName() + "\n");
        }
        lines.add(qualified + (message.isEmpty() ? "" : ": " + message) + "\n");
        return String.join(",", lines);
    }

    /** oslo's safe_truncate: at most {@code bytes} UTF-8 bytes, never splitting a character. */
    static String truncateUtf8(String s, int bytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= bytes) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > bytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
