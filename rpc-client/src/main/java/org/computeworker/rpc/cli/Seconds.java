package org.computeworker.rpc.cli;

import java.time.Duration;

/** Seconds given on the command line, as a Duration. */
final class Seconds {
    private Seconds() {
    }

    static Duration toDuration(Double seconds, String option) {
        if (seconds == null) {
            return null;
        }
        if (!(seconds > 0) || seconds.isInfinite()) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds, got " + seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
