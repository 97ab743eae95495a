package org.computeworker.worker.virt.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.virt.PowerState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;

class LibvirtHostTest {
    private static final String UUID = "6f1e2d3c-0000-4000-8000-00000000abcd";
    @TempDir
    Path dir;
    private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    private LibvirtHost host;

    @BeforeEach
    void setUp() {
        host = new LibvirtHost(TestNode.uri(dir), new LifecycleEventListener() {
            @Override
            public void onLifecycle(LifecycleEvent event) {
                seen.add(event);
            }

            @Override
            public void onDisconnected(String reason) {
                seen.add("disconnected");
            }

            @Override
            public void onReconnected() {
                seen.add("reconnected");
            }
        });
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    @Test
    void privateNodeStartsEmptyAndReportsItsSize() throws Exception {
        assertEquals(0, host.call(c -> c.listAllDomains(0)).length);
        assertEquals(TestNode.CPUS, host.call(Connect::nodeInfo).cpus);
        assertEquals(TestNode.MEMORY_KIB, host.call(Connect::nodeInfo).memory);
    }

    @Test
    void lifecycleEventsArriveOffTheLoopThreadWithPowerStates() throws Exception {
        Domain domain = host.call(c -> c.domainDefineXML(minimalDomain()));
        host.call(c -> {
            c.domainLookupByUUIDString(UUID).create();
            return null;
        });
        LifecycleEvent started = next();
        assertEquals(new LifecycleEvent(UUID, "instance-00000001", "STARTED", PowerState.RUNNING), started);
        host.call(c -> {
            c.domainLookupByUUIDString(UUID).suspend();
            c.domainLookupByUUIDString(UUID).resume();
            c.domainLookupByUUIDString(UUID).destroy();
            return null;
        });
        assertEquals(List.of(PowerState.PAUSED, PowerState.RUNNING, PowerState.SHUTDOWN),
                List.of(next().powerState(), next().powerState(), next().powerState()));
        domain.undefine();
        assertNull(seen.poll(200, TimeUnit.MILLISECONDS), "defined/undefined events are not power states");
    }

    @Test
    void aCallOnAClosedConnectionReconnectsAndRetriesOnce() throws Exception {
        Connect first = host.connection();
        first.close(); // behind the host's back, as a daemon restart would leave it
        assertEquals(TestNode.CPUS, host.call(Connect::nodeInfo).cpus);
        assertNotSame(first, host.connection());
        assertEquals("disconnected", seen.poll(5, TimeUnit.SECONDS));
        assertEquals("reconnected", seen.poll(5, TimeUnit.SECONDS), "events may have been missed: say so");
    }

    @Test
    void anUnreachableDaemonIsHypervisorUnavailable() {
        try (LibvirtHost nowhere = new LibvirtHost("qemu+unix:///system?socket=" + dir.resolve("no-sock"),
                event -> { })) {
            NovaException e = assertThrows(NovaException.class, nowhere::connection);
            assertEquals("HypervisorUnavailable", e.pythonClass());
        }
    }

    private LifecycleEvent next() throws InterruptedException {
        Object event = seen.poll(5, TimeUnit.SECONDS);
        assertTrue(event instanceof LifecycleEvent, () -> "expected a lifecycle event, got " + event);
        return (LifecycleEvent) event;
    }

    private static String minimalDomain() {
        return "<domain type='qemu'><name>instance-00000001</name><uuid>" + UUID + "</uuid>"
                + "<memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
    }
}
