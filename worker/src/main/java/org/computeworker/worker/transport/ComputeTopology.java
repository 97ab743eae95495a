package org.computeworker.worker.transport;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.computeworker.worker.config.MessagingOptions;

/**
 * The exchanges, queues and bindings of a compute server, declared with exactly the arguments
 * oslo.messaging's rabbit driver uses (impl_rabbit declare_topic_consumer / declare_fanout_consumer),
 * so a queue that a Python nova-compute declared is never redeclared with conflicting arguments.
 */
public final class ComputeTopology {
    public static final String TOPIC = "compute";

    private final MessagingOptions options;
    private final String host;
    private final String fanoutQueue;

    public ComputeTopology(MessagingOptions options, String host) {
        if (options.quorumQueues() && options.haQueues()) {
            throw new IllegalArgumentException("[oslo_messaging_rabbit] rabbit_quorum_queue and rabbit_ha_queues "
                    + "are both enabled: a queue is quorum or mirrored, not both");
        }
        this.options = options;
        this.host = host;
        this.fanoutQueue = TOPIC + "_fanout_" + UUID.randomUUID().toString().replace("-", "");
    }

    public String exchange() {
        return options.controlExchange();
    }

    public String topicQueue() {
        return TOPIC;
    }

    public String hostQueue() {
        return TOPIC + "." + host;
    }

    public String fanoutExchange() {
        return TOPIC + "_fanout";
    }

    public String fanoutQueue() {
        return fanoutQueue;
    }

    public List<String> consumedQueues() {
        return List.of(topicQueue(), hostQueue(), fanoutQueue());
    }

    /** Quorum queues are durable whatever amqp_durable_queues says (oslo's `durable` property). */
    boolean durable() {
        return options.amqpDurableQueues() || options.quorumQueues();
    }

    /** oslo's _get_queue_arguments. */
    Map<String, Object> queueArguments(boolean withTtl, boolean quorumAllowed) {
        Map<String, Object> args = new HashMap<>();
        if (options.haQueues()) {
            args.put("x-ha-policy", "all");
        }
        if (quorumAllowed && options.quorumQueues()) {
            args.put("x-queue-type", "quorum");
        }
        if (withTtl && options.transientQueuesTtlSeconds() > 0) {
            args.put("x-expires", options.transientQueuesTtlSeconds() * 1000);
        }
        return args;
    }

    /** Declares everything on {@code channel}; safe to repeat (after a reconnect). */
    public void declare(Channel channel) throws IOException {
        boolean durable = durable();
        boolean autoDelete = options.amqpAutoDelete();
        channel.exchangeDeclare(exchange(), "topic", durable, autoDelete, null);
        for (String queue : List.of(topicQueue(), hostQueue())) {
            channel.queueDeclare(queue, durable, false, autoDelete, queueArguments(false, true));
            channel.queueBind(queue, exchange(), queue);
        }
        channel.exchangeDeclare(fanoutExchange(), "fanout", false, true, null);
        channel.queueDeclare(fanoutQueue, false, false, false, queueArguments(true, false));
        channel.queueBind(fanoutQueue, fanoutExchange(), TOPIC);
    }

    public String describe() {
        return "exchange '" + exchange() + "' (topic, durable=" + durable() + ") -> queues '" + topicQueue() + "', '"
                + hostQueue() + "' (args " + queueArguments(false, true) + "); exchange '" + fanoutExchange()
                + "' (fanout) -> queue '" + fanoutQueue + "' (args " + queueArguments(true, false) + ")";
    }
}
