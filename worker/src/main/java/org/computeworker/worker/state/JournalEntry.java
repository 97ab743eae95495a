package org.computeworker.worker.state;

/** One journaled RPC message. */
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
        String error) {
}
