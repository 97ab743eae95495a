package org.computeworker.worker.image.qemu;

import java.util.List;

/**
 * How one external command ended.
 *
 * @param exitCode the exit status; 128 + N when killed by signal N; -1 when it timed out and was killed
 * @param stdout   captured standard output, cut off at the runner's cap
 * @param stderr   captured standard error, cut off at the runner's cap
 */
public record ProcessOutcome(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

    public ProcessOutcome {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** Exits above 128 are how the JDK reports death by a signal, e.g. a resource limit's SIGKILL or SIGXCPU. */
    public boolean killedBySignal() {
        return !timedOut && exitCode > 128;
    }
}
