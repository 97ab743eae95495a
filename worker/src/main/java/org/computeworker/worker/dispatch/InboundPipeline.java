package org.computeworker.worker.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.computeworker.worker.transport.AckBatcher;
import org.computeworker.worker.transport.InboundDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission of deliveries: bound the size, decode, journal, then acknowledge and hand the request
 * to the per-instance executor. A broken message is refused with a logged reason (and, for a call
 * that names its caller, a failure reply) and acknowledged; a duplicate of a journaled
 * {@code _unique_id} is dropped. A bounded number of admitted messages wait in memory: beyond it
 * the consumer thread blocks, and the broker holds the rest.
 */
public final class InboundPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(InboundPipeline.class);

    private final MessageJournal journal;
    private final AckBatcher acks;
    private final KeyedSerialExecutor executor;
    private final RequestRunner runner;
    private final CallReplies replies;
    private final RpcMetrics metrics;
    private final int maxMessageBytes;
    private final Semaphore capacity;

    public InboundPipeline(MessageJournal journal, AckBatcher acks, KeyedSerialExecutor executor, RequestRunner runner,
                           CallReplies replies, RpcMetrics metrics, int maxMessageBytes, int maxWaiting) {
        this.journal = journal;
        this.acks = acks;
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
        JournalEntry entry = new JournalEntry(journalId, 0, request.method(), request.namespace(),
                request.instanceUuid(), request.context().requestId(), request.isCall(), JournalStatus.RECEIVED,
                d.receivedAtMillis(), null, d.body());
        journal.admit(entry, (fresh, error) -> {
            if (error != null) {
                LOG.error("could not journal {} ({}): handing it back to the broker", request.method(), journalId);
                acks.requeue(d);
                capacity.release();
                return;
            }
            acks.ackLater(d);
            if (!fresh) {
                LOG.info("dropped {} {}: _unique_id {} was already received", request.isCall() ? "call" : "cast",
                        request.method(), journalId);
                metrics.rejected("duplicate");
                capacity.release();
                return;
            }
            schedule(new AdmittedRequest(request, journalId, d.queue(), d.deadlineMillis(), false));
        });
    }

    /** Runs a message journaled before a restart that never started. */
    public void replay(JournalEntry entry) {
        try {
            capacity.acquire();
            RpcRequest request = RpcRequest.fromMessage(OsloEnvelope.decode(entry.body()));
            LOG.info("replaying {} {} (request_id {}, instance {}) accepted before the restart",
                    request.isCall() ? "call" : "cast", request.method(), request.context().requestId(),
                    request.instanceUuid());
            schedule(new AdmittedRequest(request, entry.uniqueId(), "journal", Long.MAX_VALUE, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            capacity.release();
            LOG.error("journaled message {} cannot be replayed: {}", entry.uniqueId(), e.getMessage());
            journal.markFinished(entry.uniqueId(), JournalStatus.FAILED, "unreplayable: " + e.getMessage());
        }
    }

    private void schedule(AdmittedRequest admitted) {
        try {
            executor.submit(admitted.request().instanceUuid(), () -> {
                try {
                    runner.run(admitted);
                } finally {
                    capacity.release();
                }
            });
        } catch (RejectedExecutionException e) {
            capacity.release(); // stopping: it stays journaled as received and runs after the restart
            LOG.info("{} stays journaled for the next start", admitted.request().method());
        }
    }

    private RpcRequest decode(InboundDelivery d) {
        ObjectNode message = null;
        try {
            if (d.body().length > maxMessageBytes) {
                throw new MalformedMessageException("message of " + d.body().length
                        + " bytes exceeds [compute_worker] max_message_bytes (" + maxMessageBytes + ")");
            }
            message = OsloEnvelope.decode(d.body());
            return RpcRequest.fromMessage(message);
        } catch (MalformedMessageException e) {
            refuse(d, message, e);
            throw e;
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
        journal.afterPendingWrites(() -> acks.ackLater(d));
    }

    /** Admitted messages not yet finished (waiting or running). */
    public int waiting() {
        return executor.queued();
    }

}
