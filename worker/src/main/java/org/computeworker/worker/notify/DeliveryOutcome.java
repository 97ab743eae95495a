package org.computeworker.worker.notify;

/** How one attempt to deliver a notification ended. Anything but {@link Kind#CONFIRMED} is retried. */
record DeliveryOutcome(Kind kind, String detail) {
    enum Kind {
        /** The broker took responsibility for it (ack, not returned). */
        CONFIRMED,
        /** The broker refused it (nack), or the channel closed before it answered. */
        NACKED,
        /** Nothing was bound to its routing key: mandatory publish came back. */
        RETURNED,
        /** No confirm within the confirm timeout. */
        TIMED_OUT,
        /** It could not be sent at all: no connection or channel. */
        NOT_SENT
    }

    static final DeliveryOutcome CONFIRMED = new DeliveryOutcome(Kind.CONFIRMED, null);

    static DeliveryOutcome of(Kind kind, String detail) {
        return new DeliveryOutcome(kind, detail);
    }

    boolean confirmed() {
        return kind == Kind.CONFIRMED;
    }

    @Override
    public String toString() {
        return detail == null ? kind.name() : kind + " (" + detail + ")";
    }
}
