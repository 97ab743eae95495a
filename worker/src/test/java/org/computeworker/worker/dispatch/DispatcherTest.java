package org.computeworker.worker.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.Json;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcRequest;
import org.junit.jupiter.api.Test;

/** oslo's dispatch rules and the per-instance order, without a broker. */
class DispatcherTest {
    private final Dispatcher dispatcher = new Dispatcher(List.of(
            RpcEndpoint.builder("ComputeManager", null, "6.1").method("stop_instance", call -> TextNode.valueOf("6.x"))
                    .method("_private", call -> TextNode.valueOf("never")).build(),
            RpcEndpoint.builder("Old", null, "5.13").method("stop_instance", call -> TextNode.valueOf("5.x")).build(),
            RpcEndpoint.builder("WorkerExtension", "computeworker", "1.0").method("noop", call -> null).build()));

    private static RpcCall call(String method, String namespace, String version) {
        return new RpcCall(RpcRequest.cast(method, Json.object(), namespace, version, RequestContext.admin()));
    }

    @Test
    void theFirstCompatibleEndpointWithTheMethodRunsIt() throws Exception {
        assertEquals("6.x", dispatcher.dispatch(call("stop_instance", null, "6.0")).textValue());
        assertEquals("5.x", dispatcher.dispatch(call("stop_instance", null, "5.0")).textValue());
    }

    @Test
    void osloErrorsForWhatCannotRun() {
        DispatcherError noMethod = assertThrows(DispatcherError.class,
                () -> dispatcher.dispatch(call("reboot_instance", null, "6.0")));
        assertTrue(noMethod.isNoSuchMethod());
        assertTrue(assertThrows(DispatcherError.class, () -> dispatcher.dispatch(call("_private", null, "6.0")))
                .isNoSuchMethod(), "methods starting with _ are never exposed");
        assertEquals("UnsupportedVersion", assertThrows(DispatcherError.class,
                () -> dispatcher.dispatch(call("stop_instance", null, "6.2"))).pythonClass(), "minor above the endpoint's");
        assertEquals("UnsupportedVersion", assertThrows(DispatcherError.class,
                () -> dispatcher.dispatch(call("noop", "elsewhere", "1.0"))).pythonClass(), "unknown namespace");
    }

    @Test
    void tasksOfOneKeyRunInOrderOneAtATimeAndOtherKeysInParallel() throws Exception {
        try (KeyedSerialExecutor executor = new KeyedSerialExecutor(4, "test")) {
            List<Integer> order = new ArrayList<>();
            CountDownLatch blocked = new CountDownLatch(1);
            CountDownLatch otherRan = new CountDownLatch(1);
            executor.submit("instance-1", () -> await(blocked));
            for (int i = 0; i < 50; i++) {
                int n = i;
                executor.submit("instance-1", () -> {
                    synchronized (order) {
                        order.add(n);
                    }
                });
            }
            executor.submit("instance-2", otherRan::countDown);
            assertTrue(otherRan.await(5, TimeUnit.SECONDS), "another instance is not held up by a blocked one");
            synchronized (order) {
                assertTrue(order.isEmpty(), "nothing of instance-1 ran past its blocked task");
            }
            blocked.countDown();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (executor.queued() > 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertEquals(0, executor.shutdown(5000), "nothing left queued when it stops");
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                expected.add(i);
            }
            assertEquals(expected, order);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
