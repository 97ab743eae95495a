package org.computeworker.worker.image.qemu;

import java.util.List;

/**
 * A qemu-img run that could not start, timed out or failed, carrying the exact command and qemu-img's own
 * error text so the cause is visible without reproducing the run.
 */
public class QemuImgException extends RuntimeException {
    static final String INSTALL_HINT = "apt-get install -y qemu-utils";

    private final List<String> command;
    private final int exitCode;
    private final String stderr;
    private final boolean timedOut;

    QemuImgException(String message, List<String> command, int exitCode, String stderr, boolean timedOut,
                     Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
        this.timedOut = timedOut;
    }

    static QemuImgException failed(ProcessOutcome outcome) {
        String why = outcome.timedOut() ? "timed out and was killed"
                : outcome.killedBySignal() ? "was killed by signal " + (outcome.exitCode() - 128)
                : "exited with status " + outcome.exitCode();
        String detail = outcome.stderr().isBlank() ? "(no error output)" : outcome.stderr().strip();
        return new QemuImgException(String.join(" ", outcome.command()) + " " + why + ": " + detail,
                outcome.command(), outcome.exitCode(), outcome.stderr(), outcome.timedOut(), null);
    }

    static QemuImgException notStarted(List<String> command, Exception cause) {
        return new QemuImgException("could not run " + command.get(0) + " (" + cause.getMessage()
                + "); is qemu-img installed? " + INSTALL_HINT, command, -1, "", false, cause);
    }

    public List<String> command() {
        return command;
    }

    /** The exit status; 128 + N when killed by signal N; -1 when it never ran or timed out. */
    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
