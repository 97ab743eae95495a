package org.computeworker.worker.state;

/** One journaled RPC message. {@code body} is the AMQP body, kept until the message has run. */
public record JournalEntry(
        String uniqueId,
        long seq,
        String method,
        String namespace,
        String instanceUuid,
        String requestId,
        boolean call,
        JournalStatus status,
        long receivedAtMillis,
        String error,
        byte[] body) {
}
