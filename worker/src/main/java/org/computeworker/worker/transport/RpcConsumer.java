package org.computeworker.worker.transport;

import com.rabbitmq.client.Channel;
import java.util.function.Consumer;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the compute queues with manual acknowledgements and a bounded prefetch. The topology is
 * (re)declared every time a connection is made, so consumers come back after a broker restart.
 */
public final class RpcConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcConsumer.class);

    private final CachingConnectionFactory connections;
    private final ComputeTopology topology;
    private final DirectMessageListenerContainer container;

    public RpcConsumer(CachingConnectionFactory connections, ComputeTopology topology, int prefetch,
                       Consumer<InboundDelivery> sink) {
        this.connections = connections;
        this.topology = topology;
        connections.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(org.springframework.amqp.rabbit.connection.Connection connection) {
                declareOn(connection);
            }
        });
        container = new DirectMessageListenerContainer(connections);
        container.setQueueNames(topology.consumedQueues().toArray(String[]::new));
        container.setConsumersPerQueue(1);
        container.setPrefetchCount(prefetch);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setMissingQueuesFatal(false);
        container.setMonitorInterval(2_000);
        container.setFailedDeclarationRetryInterval(1_000);
        container.setMessageListener((ChannelAwareMessageListener) (Message message, Channel channel) -> {
            var p = message.getMessageProperties();
            sink.accept(new InboundDelivery(message.getBody(), p.getConsumerQueue(),
                    Boolean.TRUE.equals(p.getRedelivered()), p.getExpiration(), System.currentTimeMillis(),
                    channel, p.getDeliveryTag()));
        });
    }

    private void declareOn(org.springframework.amqp.rabbit.connection.Connection connection) {
        try (Channel channel = connection.createChannel(false)) {
            topology.declare(channel);
            LOG.info("declared {}", topology.describe());
        } catch (Exception e) {
            LOG.error("declaring the compute topology failed: {}", e.getMessage(), e);
        }
    }

    public void start() {
        container.start();
    }

    /** Stops consuming: unacknowledged deliveries go back to the broker for another consumer. */
    public void stop() {
        container.stop();
    }

    public boolean isConsuming() {
        return container.isRunning() && container.isActive();
    }

    /** The fanout queue is this worker's alone; oslo deletes it on close, so do we. */
    @Override
    public void close() {
        stop();
        try (var connection = connections.createConnection(); Channel channel = connection.createChannel(false)) {
            channel.queueDelete(topology.fanoutQueue());
        } catch (Exception e) {
            LOG.debug("could not delete {}: {}", topology.fanoutQueue(), e.getMessage());
        }
        container.destroy();
    }
}
