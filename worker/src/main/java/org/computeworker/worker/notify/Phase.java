package org.computeworker.worker.notify;

import java.util.Locale;

/** nova's NotificationPhase: the suffix of an event type. */
public enum Phase {
    START, END, ERROR;

    public String suffix() {
        return name().toLowerCase(Locale.ROOT);
    }
}
