package org.computeworker.rpc.client;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;

/**
 * The oslo.messaging options that shape what goes on the wire, with nova's defaults. Every entity
 * this client declares must carry the same attributes a real deployment's services declare, or
 * RabbitMQ refuses the redeclaration (PRECONDITION_FAILED) and closes the channel.
 *
 * @param controlExchange     [DEFAULT] control_exchange: the topic exchange ({@code nova})
 * @param durableQueues       [oslo_messaging_rabbit] amqp_durable_queues
 * @param autoDelete          [oslo_messaging_rabbit] amqp_auto_delete
 * @param transientQueuesTtl  [oslo_messaging_rabbit] rabbit_transient_queues_ttl: x-expires of reply queues
 * @param rpcResponseTimeout  [DEFAULT] rpc_response_timeout: a call's default timeout
 * @param longRpcTimeout      [DEFAULT] long_rpc_timeout: nova's timeout for calls that may run long
 * @param heartbeat           [oslo_messaging_rabbit] heartbeat_timeout_threshold: the AMQP heartbeat asked for
 */
public record MessagingOptions(String controlExchange, boolean durableQueues, boolean autoDelete,
                               Duration transientQueuesTtl, Duration rpcResponseTimeout, Duration longRpcTimeout,
                               Duration heartbeat) {
    public static final String NOVA_EXCHANGE = "nova";
    /** nova.rpc.HEARTBEAT_THRESHOLD: above this rpc_response_timeout, nova turns on the call monitor. */
    public static final Duration NOVA_HEARTBEAT_THRESHOLD = Duration.ofSeconds(60);
    private static final String RABBIT = "oslo_messaging_rabbit";

    public MessagingOptions {
        if (controlExchange == null || controlExchange.isBlank()) {
            throw new IllegalArgumentException("control_exchange must not be empty");
        }
        requirePositive(transientQueuesTtl, "rabbit_transient_queues_ttl");
        requirePositive(rpcResponseTimeout, "rpc_response_timeout");
        requirePositive(longRpcTimeout, "long_rpc_timeout");
        if (heartbeat == null || heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat_timeout_threshold must be zero or more");
        }
    }

    /** nova's defaults: exchange {@code nova}, non-durable, 60 s calls, 30 min reply-queue expiry. */
    public static MessagingOptions defaults() {
        return new MessagingOptions(NOVA_EXCHANGE, false, false, Duration.ofSeconds(1800), Duration.ofSeconds(60),
                Duration.ofSeconds(1800), Duration.ofSeconds(60));
    }

    /** The options a nova.conf sets, nova's defaults for the rest. */
    public static MessagingOptions fromConfig(OsloConfigFile conf) {
        MessagingOptions d = defaults();
        return new MessagingOptions(
                conf.get(OsloConfigFile.DEFAULT, "control_exchange").orElse(d.controlExchange),
                bool(conf, RABBIT, "amqp_durable_queues").orElse(d.durableQueues),
                bool(conf, RABBIT, "amqp_auto_delete").orElse(d.autoDelete),
                seconds(conf, RABBIT, "rabbit_transient_queues_ttl").orElse(d.transientQueuesTtl),
                seconds(conf, OsloConfigFile.DEFAULT, "rpc_response_timeout").orElse(d.rpcResponseTimeout),
                seconds(conf, OsloConfigFile.DEFAULT, "long_rpc_timeout").orElse(d.longRpcTimeout),
                seconds(conf, RABBIT, "heartbeat_timeout_threshold").orElse(d.heartbeat));
    }

    public MessagingOptions withControlExchange(String exchange) {
        return new MessagingOptions(exchange, durableQueues, autoDelete, transientQueuesTtl, rpcResponseTimeout,
                longRpcTimeout, heartbeat);
    }

    public MessagingOptions withDurableQueues(boolean durable) {
        return new MessagingOptions(controlExchange, durable, autoDelete, transientQueuesTtl, rpcResponseTimeout,
                longRpcTimeout, heartbeat);
    }

    public MessagingOptions withRpcResponseTimeout(Duration timeout) {
        return new MessagingOptions(controlExchange, durableQueues, autoDelete, transientQueuesTtl, timeout,
                longRpcTimeout, heartbeat);
    }

    /**
     * The call-monitor timeout nova's ComputeAPI.get_client uses: none unless rpc_response_timeout
     * exceeds nova's heartbeat threshold, then the threshold.
     */
    public Duration novaCallMonitorTimeout() {
        return rpcResponseTimeout.compareTo(NOVA_HEARTBEAT_THRESHOLD) > 0 ? NOVA_HEARTBEAT_THRESHOLD : null;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }

    private static Optional<Boolean> bool(OsloConfigFile conf, String section, String option) {
        return conf.get(section, option).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(conf.source() + ": [" + section + "] " + option
                    + " must be true or false, got '" + v + "'");
        });
    }

    private static Optional<Duration> seconds(OsloConfigFile conf, String section, String option) {
        return conf.get(section, option).map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(conf.source() + ": [" + section + "] " + option
                        + " must be a whole number of seconds, got '" + v + "'");
            }
        });
    }
}
