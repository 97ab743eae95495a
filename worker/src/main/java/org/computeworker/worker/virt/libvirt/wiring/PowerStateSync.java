package org.computeworker.worker.virt.libvirt.wiring;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.InstanceRecord;
import org.computeworker.worker.virt.libvirt.LifecycleEvent;
import org.computeworker.worker.virt.libvirt.LifecycleEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's {@code handle_lifecycle_event} and {@code _sync_instance_power_state}, simplified: the power state libvirt
 * reports for a guest becomes the instance's power_state here, unless an operation is running on the instance
 * (task_state set; it records the state itself) or the instance now lives on another host. Events are only queued
 * on the caller's thread; the store is written on this class's own thread, in the order the events came.
 */
public final class PowerStateSync implements LifecycleEventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PowerStateSync.class);

    private final InstanceRecord instances;
    private final String host;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "power-state-sync");
        thread.setDaemon(true);
        return thread;
    });

    public PowerStateSync(InstanceRecord instances, String host) {
        this.instances = instances;
        this.host = host;
    }

    @Override
    public void onLifecycle(LifecycleEvent event) {
        try {
            writer.execute(() -> {
                try {
                    sync(event);
                } catch (RuntimeException e) {
                    LOG.warn("could not record lifecycle event {}: {}", event, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("worker stopping: lifecycle event {} not recorded", event);
        }
    }

    @Override
    public void onDisconnected(String reason) {
        LOG.warn("lost the libvirt connection ({}): power states are not synchronised until it is back", reason);
    }

    @Override
    public void onReconnected() {
        LOG.warn("libvirt connection re-established: lifecycle events sent meanwhile were missed");
    }

    /** Applies one event now, on the calling thread (tests check the rules this way). */
    public InstanceRecord.PowerSync sync(LifecycleEvent event) {
        InstanceRecord.PowerSync outcome = instances.syncPowerState(RequestContext.admin(), event.instanceUuid(), host,
                event.powerState().code());
        switch (outcome) {
            case UPDATED -> LOG.info("Instance {} lifecycle event {}: power_state is now {}", event.instanceUuid(),
                    event.libvirtEvent(), event.powerState().label());
            case TASK_PENDING -> LOG.info("Instance {} lifecycle event {} ({}): a task is pending, not syncing the"
                    + " power state", event.instanceUuid(), event.libvirtEvent(), event.powerState().label());
            case OTHER_HOST -> LOG.info("Instance {} lifecycle event {}: the instance belongs to another host now",
                    event.instanceUuid(), event.libvirtEvent());
            default -> LOG.debug("Instance {} lifecycle event {}: {}", event.instanceUuid(), event.libvirtEvent(),
                    outcome);
        }
        return outcome;
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
