package org.computeworker.worker.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.rpc.RemoteFailure;
import org.computeworker.messages.rpc.RpcReply;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.worker.transport.ReplyPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers calls as oslo.messaging 14 does: one reply with {@code ending: true}, and while a call
 * that carries {@code _timeout} runs, a heartbeat every {@code _timeout/2} seconds (none below one
 * second, as oslo's watchdog).
 */
public final class CallReplies implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallReplies.class);

    private final ReplyPublisher publisher;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rpc-heartbeats");
        t.setDaemon(true);
        return t;
    });

    public CallReplies(ReplyPublisher publisher) {
        this.publisher = publisher;
    }

    /** Starts heartbeats for a running call; the returned handle stops them. */
    public AutoCloseable startHeartbeats(RpcRequest request) {
        if (!request.isCall() || request.timeout() == null) {
            return () -> { };
        }
        double interval = Math.floor(request.timeout()) / 2;
        if (interval < 1) {
            LOG.warn("call {} carries an invalid _timeout {}: no heartbeats", request.method(), request.timeout());
            return () -> { };
        }
        long millis = (long) (interval * 1000);
        ScheduledFuture<?> task = heartbeats.scheduleAtFixedRate(() -> send(request, RpcReply.heartbeat(request.msgId())),
                millis, millis, TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    public void reply(RpcRequest request, JsonNode result) {
        send(request, RpcReply.success(request.msgId(), result));
    }

    public void fail(RpcRequest request, RemoteFailure failure) {
        send(request, RpcReply.failure(request.msgId(), failure));
    }

    /** A failure reply to a message too broken to become a request, when it names its caller. */
    public void failRaw(String msgId, String replyQueue, RemoteFailure failure) {
        try {
            publisher.send(replyQueue, RpcReply.failure(msgId, failure));
        } catch (RuntimeException e) {
            LOG.warn("could not send the failure reply to {}: {}", replyQueue, e.getMessage());
        }
    }

    private void send(RpcRequest request, RpcReply reply) {
        try {
            publisher.send(request.replyQueue(), reply);
        } catch (RuntimeException e) {
            LOG.warn("could not send the reply to {} for {} (msg {}): {}", request.replyQueue(), request.method(),
                    request.msgId(), e.getMessage());
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }
}
