package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.rpc.RemoteFailure;
import org.computeworker.messages.rpc.RpcReply;

/**
 * One call waiting for its replies, following oslo's {@code ReplyWaiter.wait}: the overall timeout
 * always bounds the wait; a call-monitor timeout, when set, must not pass without some reply, and a
 * heartbeat (no result, no failure, not ending) restarts it. Both the single {@code ending} reply of
 * oslo 14 and the older result-then-ending pair are understood.
 */
final class PendingCall {
    private final String msgId;
    private final BlockingQueue<RpcReply> replies = new LinkedBlockingQueue<>();
    private final Set<String> seenUniqueIds = new HashSet<>();

    PendingCall(String msgId) {
        this.msgId = msgId;
    }

    String msgId() {
        return msgId;
    }

    void deliver(RpcReply reply) {
        replies.add(reply);
    }

    /** Waits for the final reply; returns its result (JSON null when none) or throws what the remote raised. */
    JsonNode await(Duration timeout, Duration callMonitorTimeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long monitorDeadline = callMonitorTimeout == null ? Long.MAX_VALUE : start + callMonitorTimeout.toNanos();
        JsonNode result = NullNode.getInstance();
        RemoteFailure failure = null;
        boolean ending = false;
        while (!ending) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new MessagingTimeout(msgId, "no reply within the call timeout of " + seconds(timeout));
            }
            boolean monitorFirst = monitorDeadline != Long.MAX_VALUE && monitorDeadline - deadline < 0;
            long wait = (monitorFirst ? monitorDeadline : deadline) - now;
            if (wait <= 0) {
                throw monitorTimeout(callMonitorTimeout);
            }
            RpcReply reply = poll(wait);
            if (reply == null) {
                throw monitorFirst ? monitorTimeout(callMonitorTimeout)
                        : new MessagingTimeout(msgId, "no reply within the call timeout of " + seconds(timeout));
            }
            if (reply.uniqueId() != null && !seenUniqueIds.add(reply.uniqueId())) {
                continue; // a redelivered duplicate, as oslo's _MsgIdCache drops
            }
            if (reply.failure() != null) {
                failure = reply.failure();
            } else if (!reply.result().isNull()) {
                result = reply.result();
            } else if (!reply.ending() && callMonitorTimeout != null) {
                monitorDeadline = System.nanoTime() + callMonitorTimeout.toNanos();
            }
            ending = reply.ending();
        }
        if (failure != null) {
            throw new RemoteError(failure);
        }
        return result;
    }

    private RpcReply poll(long nanos) {
        try {
            return replies.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted while waiting for the reply to message ID " + msgId, e);
        }
    }

    private MessagingTimeout monitorTimeout(Duration callMonitorTimeout) {
        return new MessagingTimeout(msgId, "no reply or heartbeat within the call-monitor timeout of "
                + seconds(callMonitorTimeout) + " (is the server alive?)");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
