package org.computeworker.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.computeworker.messages.Json;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** The connection factory built from a transport_url, the options read from nova.conf, and reconnection. */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("broker")
class ConnectionTest {

    @Test
    void theFactoryTakesCredentialsVhostAndHeartbeatFromTheUrl() {
        CachingConnectionFactory f = BrokerConnectionFactory.forUrl("rabbit://nova:s%40cret@h1:5671,nova:s%40cret@h2/cloud")
                .heartbeat(Duration.ofSeconds(30)).build();
        assertEquals("nova", f.getUsername());
        assertEquals("cloud", f.getVirtualHost());
        assertEquals(30, f.getRabbitConnectionFactory().getRequestedHeartbeat());
        assertEquals("s@cret", f.getRabbitConnectionFactory().getPassword());
        assertTrue(f.isSimplePublisherConfirms());
        assertEquals("guest", BrokerConnectionFactory.forUrl("rabbit://h1/").build().getUsername());
        assertThrows(IllegalArgumentException.class,
                () -> BrokerConnectionFactory.forUrl("rabbit://a:x@h1,b:y@h2/").build());
    }

    @Test
    void aDeadFirstHostFailsOverToTheNextOne(TestBroker broker) throws Exception {
        TransportUrl.Host live = TransportUrl.parse(broker.transportUrl()).hosts().get(0);
        String url = "rabbit://guest:guest@127.0.0.1:1,guest:guest@" + live.hostname() + ":" + live.port() + "/";
        CachingConnectionFactory f = BrokerConnectionFactory.forUrl(url).build();
        try (RawAmqp raw = new RawAmqp(broker); RpcClient client = new RpcClient(f, MessagingOptions.defaults()
                .withControlExchange("nova_conntest"))) {
            String probe = raw.probe("nova_conntest", "compute.failover");
            client.cast(Target.topic("compute").withServer("failover"), RequestContexts.admin("a", "b"), "m", null,
                    "6.0");
            assertTrue(raw.next(probe, Duration.ofSeconds(5)) != null);
        } finally {
            f.destroy();
        }
    }

    @Test
    void optionsComeFromNovaConfWithNovasDefaults() {
        OsloConfigFile conf = OsloConfigFile.parse("""
                [DEFAULT]
                control_exchange = mynova
                rpc_response_timeout = 120
                [oslo_messaging_rabbit]
                amqp_durable_queues = True
                rabbit_transient_queues_ttl = 600
                """);
        MessagingOptions o = MessagingOptions.fromConfig(conf);
        assertEquals("mynova", o.controlExchange());
        assertTrue(o.durableQueues());
        assertFalse(o.autoDelete());
        assertEquals(Duration.ofSeconds(600), o.transientQueuesTtl());
        assertEquals(Duration.ofSeconds(120), o.rpcResponseTimeout());
        assertEquals(Duration.ofSeconds(60), o.novaCallMonitorTimeout(), "nova's HEARTBEAT_THRESHOLD above 60 s");
        assertEquals(null, MessagingOptions.defaults().novaCallMonitorTimeout());
        assertEquals("nova", MessagingOptions.fromConfig(OsloConfigFile.empty()).controlExchange());
        assertThrows(ConfigException.class, () -> MessagingOptions.fromConfig(
                OsloConfigFile.parse("[oslo_messaging_rabbit]\namqp_durable_queues = maybe\n")));
    }

    @Test
    void callsAndCastsWorkAgainAfterTheBrokerRestarts(TestBroker broker) throws Exception {
        if (!broker.canRestart()) {
            return; // an external or container broker cannot be restarted from here; nothing to show
        }
        CachingConnectionFactory f = BrokerConnectionFactory.forUrl(broker.transportUrl()).build();
        try (RpcClient client = new RpcClient(f, MessagingOptions.defaults().withControlExchange("nova_restart"))) {
            callThroughFreshStandIn(broker, client, "before");
            broker.restart();
            // the non-durable reply queue and exchange are gone: both must be declared again
            callThroughFreshStandIn(broker, client, "after");
        } finally {
            f.destroy();
        }
    }

    private static void callThroughFreshStandIn(TestBroker broker, RpcClient client, String word) throws Exception {
        try (RawAmqp raw = new RawAmqp(broker); StandInServer server = new StandInServer(raw, "nova_restart",
                "compute", "restart", (req, reply) -> reply.result(req.args().get("w")))) {
            assertEquals(word, client.call(Target.topic("compute").withServer("restart"),
                    RequestContexts.admin("a", "b"), "echo", Json.object().put("w", word), "6.0",
                    Duration.ofSeconds(15), null).textValue());
        }
    }
}
