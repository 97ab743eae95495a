package org.computeworker.worker.transport;

import org.computeworker.messages.OsloEnvelope;
import org.computeworker.messages.rpc.RpcReply;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes call replies as oslo does: to the default exchange with the caller's {@code _reply_q}
 * as routing key, 2.0 envelope, mandatory so a vanished caller is noticed and logged.
 */
public final class ReplyPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyPublisher.class);

    private final RabbitTemplate template;

    public ReplyPublisher(CachingConnectionFactory connections, boolean mandatory) {
        template = new RabbitTemplate(connections);
        template.setMandatory(mandatory);
        template.setReturnsCallback(returned -> LOG.warn("reply to {} was not delivered ({} {}): the caller's "
                + "reply queue is gone", returned.getRoutingKey(), returned.getReplyCode(), returned.getReplyText()));
    }

    public void send(String replyQueue, RpcReply reply) {
        template.send("", replyQueue, new Message(OsloEnvelope.encode(reply.toMessage()), ProtocolProperties.json()));
    }

    /** The AMQP properties oslo puts on every message. */
    public static final class ProtocolProperties {
        private ProtocolProperties() {
        }

        public static MessageProperties json() {
            MessageProperties p = new MessageProperties();
            p.setContentType("application/json");
            p.setContentEncoding("utf-8");
            p.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
            p.setPriority(0);
            return p;
        }
    }
}
