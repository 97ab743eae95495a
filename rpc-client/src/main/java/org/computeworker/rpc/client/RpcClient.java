package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.RpcVersion;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * oslo_messaging.RPCClient over the rabbit driver's wire format: casts and calls to a {@link Target}.
 * One client owns one reply queue, created on the first call; views made by {@link #withVersionCap}
 * share it. Thread-safe.
 */
public final class RpcClient implements AutoCloseable {
    /** How long a cast waits for the broker's confirm; oslo waits without a limit. */
    private static final Duration CAST_CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

    private final Transport transport;
    private final String versionCap;
    private final boolean owner;

    /** What views of one client share. */
    private record Transport(MessagingOptions options, OsloPublisher publisher, ReplyQueue replies) {
    }

    public RpcClient(CachingConnectionFactory connectionFactory, MessagingOptions options) {
        this(new Transport(options, new OsloPublisher(connectionFactory), new ReplyQueue(connectionFactory, options)),
                null, true);
    }

    private RpcClient(Transport transport, String versionCap, boolean owner) {
        this.transport = transport;
        this.versionCap = versionCap;
        this.owner = owner;
    }

    /** A view that refuses to send above {@code cap} (null: no cap); closing the view closes nothing. */
    public RpcClient withVersionCap(String cap) {
        if (cap != null) {
            Target.checkVersion(cap, "version cap");
        }
        return new RpcClient(transport, cap, false);
    }

    public String versionCap() {
        return versionCap;
    }

    public MessagingOptions options() {
        return transport.options();
    }

    /** oslo's {@code can_send_version}: same major as the cap and a minor not above it; always true without a cap. */
    public boolean canSendVersion(String version) {
        return versionCap == null
                || Target.checkVersion(version, "version").isServedBy(RpcVersion.parse(versionCap));
    }

    /**
     * Sends a method invocation without waiting for a result.
     *
     * @param version the message version; null takes the target's (and {@code 1.0} without one)
     */
    public void cast(Target target, RequestContext ctx, String method, ObjectNode args, String version) {
        RpcRequest request = RpcRequest.cast(method, args, target.namespace(), versionFor(target, version),
                Objects.requireNonNull(ctx, "context"));
        checkCap(request.version());
        if (target.fanout()) {
            OsloPublisher.ExchangeSpec exchange =
                    new OsloPublisher.ExchangeSpec(target.fanoutExchange(), "fanout", false, true);
            transport.publisher().publish(exchange, "", OsloEnvelope.encode(request.toMessage()), null,
                    CAST_CONFIRM_TIMEOUT);
        } else {
            transport.publisher().publish(topicExchange(target), target.routingKey(),
                    OsloEnvelope.encode(request.toMessage()), null, CAST_CONFIRM_TIMEOUT);
        }
    }

    /**
     * Invokes a method and waits for its result.
     *
     * @param version            the message version; null takes the target's
     * @param timeout            the whole call's limit, also the message's expiration; null: rpc_response_timeout
     * @param callMonitorTimeout null for none; else the server heartbeats and silence this long fails the call
     * @return the result, JSON null when the method returned None
     * @throws RemoteError       the remote method raised
     * @throws MessagingTimeout  no final reply in time
     */
    public JsonNode call(Target target, RequestContext ctx, String method, ObjectNode args, String version,
                         Duration timeout, Duration callMonitorTimeout) {
        if (target.fanout()) {
            throw new IllegalArgumentException("A call cannot be used with fanout: " + target);
        }
        Duration limit = timeout == null ? transport.options().rpcResponseTimeout() : timeout;
        if (limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException("a call timeout must be positive, got " + limit);
        }
        warnIfNoHeartbeatWillCome(callMonitorTimeout);
        ReplyQueue replies = transport.replies();
        replies.start();
        RpcRequest request = RpcRequest.call(method, args, target.namespace(), versionFor(target, version),
                Objects.requireNonNull(ctx, "context"), replies.name(), wireSeconds(callMonitorTimeout));
        checkCap(request.version());
        PendingCall pending = replies.expect(request.msgId());
        try {
            transport.publisher().publish(topicExchange(target), target.routingKey(),
                    OsloEnvelope.encode(request.toMessage()), limit, limit);
            return pending.await(limit, callMonitorTimeout);
        } finally {
            replies.forget(request.msgId());
        }
    }

    /** oslo's server heartbeats every int(_timeout)/2 seconds, and not at all when that is under one second. */
    private static void warnIfNoHeartbeatWillCome(Duration callMonitorTimeout) {
        if (callMonitorTimeout != null && callMonitorTimeout.toSeconds() < 2) {
            LOG.warn("a call-monitor timeout of {} ms is under 2 s: oslo.messaging servers send no heartbeats for it,"
                    + " so a call running longer fails", callMonitorTimeout.toMillis());
        }
    }

    private OsloPublisher.ExchangeSpec topicExchange(Target target) {
        MessagingOptions o = transport.options();
        String name = target.exchange() != null ? target.exchange() : o.controlExchange();
        return new OsloPublisher.ExchangeSpec(name, "topic", o.durableQueues(), o.autoDelete());
    }

    private static String versionFor(Target target, String version) {
        if (version != null) {
            Target.checkVersion(version, "message version");
            return version;
        }
        return target.version();
    }

    private void checkCap(String version) {
        if (!canSendVersion(version)) {
            throw new RpcVersionCapError(version, versionCap);
        }
    }

    /** {@code _timeout} as oslo writes it: seconds, whole when whole. */
    private static Double wireSeconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    /** Stops the reply consumer and deletes the reply queue; only the client that created them does. */
    @Override
    public void close() {
        if (owner) {
            transport.replies().close();
            transport.publisher().close();
        }
    }
}
