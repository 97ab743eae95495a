package org.computeworker.worker.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.worker.metrics.RpcMetrics;
import org.computeworker.worker.state.JournalEntry;
import org.computeworker.worker.state.JournalStatus;
import org.computeworker.worker.state.MessageJournal;
import org.computeworker.worker.transport.InboundDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission of deliveries: bound the size, decode, journal, then hand the request to the
 * per-instance executor, which acknowledges it when it starts. A broken message is refused with a
 * logged reason (and, for a call that names its caller, a failure reply) and acknowledged; a
 * duplicate of a journaled {@code _unique_id} that ran or runs is dropped. A bounded number of
 * admitted messages wait in memory: beyond it the consumer thread blocks, and the broker holds the rest.
 */
public final class InboundPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(InboundPipeline.class);

    private final MessageJournal journal;
    private final ConcurrentHashMap<String, AdmittedRequest> inFlight = new ConcurrentHashMap<>();
    private final KeyedSerialExecutor executor;
    private final RequestRunner runner;
    private final CallReplies replies;
    private final RpcMetrics metrics;
    private final int maxMessageBytes;
    private final Semaphore capacity;

    public InboundPipeline(MessageJournal journal, KeyedSerialExecutor executor, RequestRunner runner,
                           CallReplies replies, RpcMetrics metrics, int maxMessageBytes, int maxWaiting) {
        this.journal = journal;
        this.executor = executor;
        this.runner = runner;
        this.replies = replies;
        this.metrics = metrics;
        this.maxMessageBytes = maxMessageBytes;
        this.capacity = new Semaphore(maxWaiting);
    }

    /** Called on the consumer's thread, in delivery order per channel. */
    public void accept(InboundDelivery d) {
        try {
            capacity.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // not acknowledged: the broker redelivers it
        }
        RpcRequest request;
        try {
            request = decode(d);
        } catch (MalformedMessageException e) {
            capacity.release();
            return;
        }
        String journalId = request.uniqueId() != null ? request.uniqueId() : "no-unique-id-" + RpcRequest.newId();
        AdmittedRequest admitted = new AdmittedRequest(request, journalId, d);
        AdmittedRequest held = inFlight.putIfAbsent(journalId, admitted);
        if (held != null) {
            boolean redelivery = held.rebind(d);
            LOG.info("{} {} (_unique_id {}) {} while the first copy waits here: one copy runs",
                    request.isCall() ? "call" : "cast", request.method(), journalId,
                    redelivery ? "redelivered after its channel closed" : "received twice");
            metrics.rejected("duplicate");
            capacity.release();
            return;
        }
        MessageJournal.Admission known = journal.check(journalId);
        if (known == MessageJournal.Admission.DUPLICATE) {
            LOG.info("dropped {} {}: _unique_id {} was already received", request.isCall() ? "call" : "cast",
                    request.method(), journalId);
            metrics.rejected("duplicate");
            finished(journalId);
            d.ack();
            return;
        }
        if (known == MessageJournal.Admission.NOT_YET_RUN) {
            LOG.info("{} {} (_unique_id {}) was received before but never started: running it now",
                    request.isCall() ? "call" : "cast", request.method(), journalId);
            schedule(admitted);
            return;
        }
        JournalEntry entry = new JournalEntry(journalId, 0, request.method(), request.namespace(),
                request.instanceUuid(), request.context().requestId(), request.isCall(), JournalStatus.RECEIVED,
                d.receivedAtMillis(), null);
        // It runs without waiting for this commit: it is acknowledged only once recorded as running,
        // so if the journal fails the broker keeps it and the admission fence makes a rerun safe.
        journal.record(entry, error -> {
            if (error != null) {
                LOG.error("could not journal {} ({}): it stays unacknowledged", request.method(), journalId);
            }
        });
        schedule(admitted);
    }

    private void schedule(AdmittedRequest admitted) {
        try {
            executor.submit(admitted.request().instanceUuid(), () -> {
                try {
                    runner.run(admitted);
                } finally {
                    finished(admitted.journalId());
                }
            });
        } catch (RejectedExecutionException e) {
            // Stopping: not acknowledged, so the broker delivers it again after the restart.
            finished(admitted.journalId());
        }
    }

    private void finished(String journalId) {
        inFlight.remove(journalId);
        capacity.release();
    }

    private RpcRequest decode(InboundDelivery d) {
        try {
            if (d.body().length > maxMessageBytes) {
                throw new MalformedMessageException("message of " + d.body().length
                        + " bytes exceeds [compute_worker] max_message_bytes (" + maxMessageBytes + ")");
            }
            return RpcRequest.fromMessageText(OsloEnvelope.messageText(d.body()));
        } catch (MalformedMessageException e) {
            refuse(d, bestEffortObject(d), e);
            throw e;
        }
    }

    /** What a refused message still tells, to name its method and answer its caller; null if nothing. */
    private ObjectNode bestEffortObject(InboundDelivery d) {
        if (d.body().length > maxMessageBytes) {
            return null;
        }
        try {
            return OsloEnvelope.decode(d.body());
        } catch (MalformedMessageException unreadable) {
            return null;
        }
    }

    private void refuse(InboundDelivery d, ObjectNode message, MalformedMessageException e) {
        boolean oversized = d.body().length > maxMessageBytes;
        metrics.rejected(oversized ? "oversized" : "malformed");
        String method = message == null ? null : Json.textOrNullLenient(message.get("method"));
        String msgId = message == null ? null : Json.textOrNullLenient(message.get("_msg_id"));
        String replyQueue = message == null ? null : Json.textOrNullLenient(message.get("_reply_q"));
        if (oversized) {
            var caller = CallerIdentity.peek(d.body());
            msgId = caller.map(CallerIdentity::msgId).orElse(null);
            replyQueue = caller.map(CallerIdentity::replyQueue).orElse(null);
            method = caller.map(CallerIdentity::method).orElse(null);
        }
        LOG.error("refused a message from queue {} (method {}, {} bytes{}): {}", d.queue(), method, d.body().length,
                msgId != null ? ", a call: failure sent to " + replyQueue : "", e.getMessage());
        if (msgId != null && replyQueue != null) {
            replies.failRaw(msgId, replyQueue, FailureEncoder.encode(e));
        }
        d.ack();
    }

    /** Admitted messages not yet finished (waiting or running). */
    public int waiting() {
        return executor.queued();
    }

}
