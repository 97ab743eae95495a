package org.computeworker.worker.dispatch;

import org.computeworker.messages.rpc.RpcRequest;

/** A journaled request waiting to run; {@code deadlineMillis} comes from a call's expiration. */
public record AdmittedRequest(RpcRequest request, String journalId, String queue, long deadlineMillis,
                              boolean replayed) {
}
