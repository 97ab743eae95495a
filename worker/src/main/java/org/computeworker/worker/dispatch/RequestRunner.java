package org.computeworker.worker.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.worker.errors.WireError;
import org.computeworker.worker.metrics.RpcMetrics;
import org.computeworker.worker.state.JournalStatus;
import org.computeworker.worker.state.MessageJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one admitted request: refuses an expired call, dispatches, answers a call (with heartbeats
 * while it runs), logs a failed cast with method, request_id and instance, and records the outcome
 * in the journal and the metrics.
 */
public final class RequestRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);

    private final Dispatcher dispatcher;
    private final CallReplies replies;
    private final MessageJournal journal;
    private final RpcMetrics metrics;
    /** Acknowledgements are socket writes: kept off both the journal writer and the operations. */
    private final java.util.concurrent.ExecutorService ackThread = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "rpc-acks");
                t.setDaemon(true);
                return t;
            });

    public RequestRunner(Dispatcher dispatcher, CallReplies replies, MessageJournal journal, RpcMetrics metrics) {
        this.dispatcher = dispatcher;
        this.replies = replies;
        this.journal = journal;
        this.metrics = metrics;
    }

    public void run(AdmittedRequest admitted) {
        RpcRequest request = admitted.request();
        putMdc("request_id", request.context().requestId());
        putMdc("instance", request.instanceUuid());
        try {
            if (System.currentTimeMillis() > admitted.deadlineMillis()) {
                LOG.warn("call {} (msg {}) expired before it could run: not executed", request.method(), request.msgId());
                metrics.rejected("expired");
                journal.markFinished(admitted.journalId(), JournalStatus.REFUSED, "expired before it ran");
                startDurably(admitted);
                return;
            }
            startDurably(admitted);
            metrics.started();
            long start = System.nanoTime();
            Throwable failure = null;
            JsonNode result = null;
            try (AutoCloseable heartbeats = replies.startHeartbeats(request)) {
                result = dispatcher.dispatch(new RpcCall(request));
            } catch (Throwable t) {
                failure = t;
            } finally {
                metrics.finished();
            }
            Outcome outcome = Outcome.of(failure);
            metrics.record(request.method(), outcome.tag(), System.nanoTime() - start);
            if (outcome.rejection() != null) {
                metrics.rejected(outcome.rejection());
            }
            if (request.isCall()) {
                if (failure == null) {
                    replies.reply(request, result);
                } else {
                    replies.fail(request, FailureEncoder.encode(failure));
                }
            }
            if (failure != null) {
                logFailure(request, failure, outcome);
            }
            journal.markFinished(admitted.journalId(), outcome.status(),
                    failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        } finally {
            MDC.remove("request_id");
            MDC.remove("instance");
        }
    }

    /**
     * Acknowledges the message once its start is durable, on the ack thread, without holding up the
     * run: a crash before the acknowledgement leaves it with the broker to redeliver (the admission
     * fence and the journal make the rerun safe); one after is reconciled from the journal.
     */
    private void startDurably(AdmittedRequest admitted) {
        journal.markRunning(admitted.journalId()).whenCompleteAsync((v, error) -> {
            if (error != null) {
                LOG.error("could not record the start of {}: not acknowledged, the broker will redeliver it ({})",
                        admitted.request().method(), error.getMessage());
            } else {
                admitted.acknowledge();
            }
        }, ackThread);
    }

    private static void putMdc(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    private static void logFailure(RpcRequest request, Throwable failure, Outcome outcome) {
        String what = (request.isCall() ? "call " : "cast ") + request.method() + " (version " + request.version()
                + (request.namespace() == null ? "" : ", namespace " + request.namespace()) + ", request_id "
                + request.context().requestId() + ", instance " + request.instanceUuid() + ")";
        String error = failure instanceof WireError w ? w.pythonModule() + "." + w.pythonClass()
                : failure.getClass().getSimpleName();
        var log = LOG.atLevel(outcome.level());
        if (outcome.traceback()) {
            log = log.setCause(failure);
        }
        if (outcome.status() == JournalStatus.REFUSED) {
            log.log("{} refused as stale or repeated: {}", what, failure.getMessage());
        } else {
            log.log("{} failed: {}: {}", what, error, failure.getMessage());
        }
    }
}
