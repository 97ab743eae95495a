package org.computeworker.worker.config;

import java.util.List;

/**
 * {@code [DEFAULT]} messaging options and {@code [oslo_messaging_rabbit]}: what the transport
 * needs to declare queues exactly as oslo.messaging's rabbit driver does.
 */
public record MessagingOptions(
        String transportUrl,
        String controlExchange,
        int rpcResponseTimeoutSeconds,
        int longRpcTimeoutSeconds,
        boolean amqpDurableQueues,
        boolean amqpAutoDelete,
        boolean quorumQueues,
        boolean haQueues,
        int prefetchCount,
        int heartbeatTimeoutSeconds,
        int transientQueuesTtlSeconds,
        int intervalMaxSeconds,
        boolean directMandatoryFlag) {

    static final String RABBIT = "oslo_messaging_rabbit";
    /** oslo's rabbit_qos_prefetch_count=0 means unlimited; the worker always bounds its buffer. */
    public static final int BOUNDED_PREFETCH_WHEN_UNSET = 256;

    static MessagingOptions read(OptionReader r) {
        return new MessagingOptions(
                r.optional("DEFAULT", "transport_url").orElse(null),
                r.string("DEFAULT", "control_exchange", "nova"),
                r.integer("DEFAULT", "rpc_response_timeout", 60, 1, 86400),
                r.integer("DEFAULT", "long_rpc_timeout", 1800, 1, 86400),
                r.bool(RABBIT, "amqp_durable_queues", false),
                r.bool(RABBIT, "amqp_auto_delete", false),
                r.bool(RABBIT, "rabbit_quorum_queue", false),
                r.bool(RABBIT, "rabbit_ha_queues", false),
                r.integer(RABBIT, "rabbit_qos_prefetch_count", 0, 0, 65535),
                r.integer(RABBIT, "heartbeat_timeout_threshold", 60, 0, 3600),
                r.integer(RABBIT, "rabbit_transient_queues_ttl", 1800, 1, Integer.MAX_VALUE / 1000),
                r.integer(RABBIT, "rabbit_interval_max", 30, 1, 3600),
                r.bool(RABBIT, "direct_mandatory_flag", true));
    }

    /** The prefetch the consumer really uses: oslo's value when set, else a bound. */
    public int effectivePrefetch() {
        return prefetchCount > 0 ? prefetchCount : BOUNDED_PREFETCH_WHEN_UNSET;
    }

    /** The same options as the RPC client takes them: one read of nova.conf serves both. */
    public org.computeworker.rpc.client.MessagingOptions clientOptions() {
        return new org.computeworker.rpc.client.MessagingOptions(controlExchange, amqpDurableQueues, amqpAutoDelete,
                java.time.Duration.ofSeconds(transientQueuesTtlSeconds), java.time.Duration.ofSeconds(rpcResponseTimeoutSeconds),
                java.time.Duration.ofSeconds(longRpcTimeoutSeconds), java.time.Duration.ofSeconds(heartbeatTimeoutSeconds));
    }

    public List<String> describe() {
        return List.of("control_exchange=" + controlExchange, "amqp_durable_queues=" + amqpDurableQueues,
                "rabbit_quorum_queue=" + quorumQueues, "prefetch=" + effectivePrefetch(),
                "heartbeat_timeout_threshold=" + heartbeatTimeoutSeconds);
    }
}
