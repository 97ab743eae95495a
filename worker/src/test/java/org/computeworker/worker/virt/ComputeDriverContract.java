package org.computeworker.worker.virt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ComputeDriver} must do, as nova's _VirtDriverTestCase asks of its drivers: a
 * guest's life (spawn, power off and on, soft and hard reboot, destroy, twice), a resize across two
 * hosts confirmed or reverted, and the host's description. Each driver runs it on two hosts of its
 * own ({@link #source()} "host-a" and {@link #destination()} "host-b").
 */
public abstract class ComputeDriverContract {
    protected abstract ComputeDriver source();

    protected abstract ComputeDriver destination();

    /** A new instance on host-a, at {@code flavor}, whose image {@link #image()} describes. */
    protected abstract Instance instance(Flavor flavor);

    protected abstract ImageMeta image();

    protected abstract Flavor small();

    /** A flavor at least as big as {@link #small()} on every disk. */
    protected abstract Flavor bigger();

    private static final RequestContext CTX = RequestContext.admin();

    private Instance spawned() {
        Instance instance = instance(small());
        source().spawn(new SpawnRequest(CTX, instance, image(), Json.array(), null, null, true));
        return instance;
    }

    private PowerState state(ComputeDriver driver, Instance instance) {
        return driver.info(instance).state();
    }

    @Test
    void aGuestRunsStopsStartsAndReboots() {
        Instance instance = spawned();
        assertEquals(PowerState.RUNNING, state(source(), instance));
        source().powerOff(instance, Duration.ZERO, Duration.ZERO);
        assertEquals(PowerState.SHUTDOWN, state(source(), instance));
        source().powerOn(CTX, instance, Json.array());
        assertEquals(PowerState.RUNNING, state(source(), instance));
        source().reboot(CTX, instance, Json.array(), "SOFT");
        assertEquals(PowerState.RUNNING, state(source(), instance));
        source().reboot(CTX, instance, Json.array(), "HARD");
        assertEquals(PowerState.RUNNING, state(source(), instance));
    }

    @Test
    void aDestroyedGuestIsNotFoundAndDestroyingItAgainIsFine() {
        Instance instance = spawned();
        source().destroy(CTX, instance, Json.array(), true);
        NovaException gone = assertThrows(NovaException.class, () -> source().info(instance));
        assertEquals("InstanceNotFound", gone.pythonClass());
        assertDoesNotThrow(() -> source().destroy(CTX, instance, Json.array(), true));
    }

    @Test
    void aResizeConfirmedLeavesTheGuestOnlyOnTheDestination() {
        Instance instance = spawned();
        Migration migration = migration(instance);
        String diskInfo = source().migrateDiskAndPowerOff(CTX, instance, "host-b", bigger(), Json.array(),
                Duration.ZERO, Duration.ZERO);
        assertEquals(PowerState.SHUTDOWN, state(source(), instance), "the source powers its guest off");
        instance.setOldFlavor(instance.flavor());
        instance.setFlavor(bigger());
        instance.setHost("host-b");
        destination().finishMigration(CTX, migration, instance, diskInfo, Json.array(), image(), true, true);
        assertEquals(PowerState.RUNNING, state(destination(), instance));
        source().confirmMigration(CTX, migration, instance, Json.array());
        assertThrows(NovaException.class, () -> source().info(instance), "confirm removes the source's guest");
        assertEquals(PowerState.RUNNING, state(destination(), instance));
    }

    @Test
    void aResizeRevertedBringsTheGuestBackOnTheSource() {
        Instance instance = spawned();
        Migration migration = migration(instance);
        String diskInfo = source().migrateDiskAndPowerOff(CTX, instance, "host-b", bigger(), Json.array(),
                Duration.ZERO, Duration.ZERO);
        Flavor old = instance.flavor();
        instance.setFlavor(bigger());
        instance.setHost("host-b");
        destination().finishMigration(CTX, migration, instance, diskInfo, Json.array(), image(), true, true);
        destination().destroy(CTX, instance, Json.array(), !destination().hasSharedBlockStorage(instance));
        instance.setFlavor(old);
        instance.setHost("host-a");
        source().finishRevertMigration(CTX, instance, Json.array(), migration, true);
        assertEquals(PowerState.RUNNING, state(source(), instance));
        assertThrows(NovaException.class, () -> destination().info(instance));
    }

    @Test
    void theHostDescribesItself() {
        assertFalse(source().availableNodes().isEmpty());
        HostResources r = source().availableResource(source().availableNodes().get(0));
        assertTrue(r.vcpus() > 0 && r.memoryMb() > 0 && r.localGb() >= 0, r.toString());
        assertTrue(Json.parse(r.cpuInfo()).isObject(), "nova's API parses cpu_info as JSON: " + r.cpuInfo());
        assertFalse(r.hypervisorType().isEmpty());
    }

    private static Migration migration(Instance instance) {
        Migration m = Migration.create();
        m.setUuid(java.util.UUID.randomUUID().toString());
        m.setInstanceUuid(instance.uuid());
        m.setSourceCompute("host-a");
        m.setDestCompute("host-b");
        m.setSourceNode("host-a");
        m.setDestNode("host-b");
        m.setStatus("migrating");
        m.setMigrationType("resize");
        return m;
    }
}
