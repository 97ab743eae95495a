package org.computeworker.worker.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.messages.rpc.RpcReply;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.testing.RabbitBrokerExtension;
import org.computeworker.testing.TestBroker;
import org.computeworker.worker.WorkerApplication;
import org.computeworker.worker.dispatch.RpcEndpoint;
import org.computeworker.worker.support.RawOsloCaller;
import org.computeworker.worker.support.TestWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** Queues are declared as oslo declares them, and the worker comes back after the broker restarts. */
@ExtendWith(RabbitBrokerExtension.class)
@Tag("nova")
class TopologyAndReconnectTest {
    private static final RpcEndpoint ECHO = RpcEndpoint.builder("Echo", null, "6.1")
            .method("echo", call -> call.args()).build();

    private static Connection connect(TestBroker broker) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(broker.amqpUrl());
        return f.newConnection();
    }

    @Test
    void queuesMatchWhatAPythonNovaComputeDeclares(TestBroker broker) throws Exception {
        try (Connection c = connect(broker)) {
            // A Python nova-compute got there first: oslo's declarations, no arguments.
            Channel ch = c.createChannel();
            ch.exchangeDeclare("nova", "topic", false, false, null);
            ch.queueDeclare("compute.topo", false, false, false, null);
            try (WorkerApplication worker = TestWorkers.start(TestWorkers.conf(broker, "topo"), TestWorkers.only(ECHO))) {
                Channel check = c.createChannel();
                // Redeclaring with oslo's exact arguments succeeds; a conflicting declaration fails.
                check.queueDeclare("compute", false, false, false, null);
                check.queueDeclare("compute.topo", false, false, false, null);
                check.exchangeDeclare("nova", "topic", false, false, null);
                check.exchangeDeclare("compute_fanout", "fanout", false, true, null);
                assertThrows(IOException.class, () -> c.createChannel().queueDeclare("compute.topo", true, false, false, null));
                org.computeworker.worker.support.Await.until("the worker consumes compute.topo",
                        () -> consumers(check, "compute.topo") == 1);
                assertEquals(1, consumers(check, "compute.topo"));
                assertTrue(consumers(check, "compute") >= 1);
            }
        }
    }

    private static int consumers(Channel ch, String queue) {
        try {
            return ch.queueDeclarePassive(queue).getConsumerCount();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void fanoutQueueIsPerWorkerWithExpiryAndRemovedOnStop(TestBroker broker) throws Exception {
        String fanoutQueue;
        try (WorkerApplication worker = TestWorkers.start(TestWorkers.conf(broker, "fan"), TestWorkers.only(ECHO));
             Connection c = connect(broker)) {
            fanoutQueue = worker.fanoutQueue();
            assertTrue(fanoutQueue.matches("compute_fanout_[0-9a-f]{32}"), fanoutQueue);
            Channel ch = c.createChannel();
            ch.queueDeclare(fanoutQueue, false, false, false, Map.of("x-expires", 1_800_000));
            assertThrows(IOException.class, () -> c.createChannel().queueDeclare(fanoutQueue, false, false, false, null));
        }
        try (Connection c = connect(broker)) {
            assertThrows(IOException.class, () -> c.createChannel().queueDeclarePassive(fanoutQueue));
        }
    }

    @Test
    void workerReconnectsAndRedeclaresAfterABrokerRestart(TestBroker broker) throws Exception {
        if (!broker.canRestart()) {
            throw new AssertionError("this test needs a broker it can restart: unset RABBITMQ_URL so the test "
                    + "starts its own rabbitmq-server (apt-get install -y rabbitmq-server)");
        }
        try (WorkerApplication worker = TestWorkers.start(TestWorkers.conf(broker, "phoenix"), TestWorkers.only(ECHO))) {
            assertEquals("before", echo(broker, "before"));
            broker.restart();
            assertTrue(worker.awaitConsuming(Duration.ofSeconds(60)), "consumers came back");
            long deadline = System.currentTimeMillis() + 30_000;
            String answer = null;
            while (answer == null && System.currentTimeMillis() < deadline) {
                answer = echo(broker, "after"); // non-durable queues vanished with the broker: redeclared on reconnect
            }
            assertEquals("after", answer);
        }
    }

    private static String echo(TestBroker broker, String word) throws Exception {
        try (RawOsloCaller caller = new RawOsloCaller(broker.amqpUrl(), "nova")) {
            RpcRequest call = caller.callRequest("echo", Json.object().put("w", word), null, "6.0", null);
            caller.publish("compute.phoenix", call, "5000");
            RpcReply reply = caller.awaitFinal(call, 5_000, null);
            return reply == null ? null : reply.result().path("w").asText();
        }
    }
}
