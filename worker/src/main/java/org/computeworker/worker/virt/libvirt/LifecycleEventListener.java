package org.computeworker.worker.virt.libvirt;

/**
 * Receives guest lifecycle events on the host's own event thread (never libvirt's loop thread),
 * one at a time and in the order libvirt sent them.
 */
@FunctionalInterface
public interface LifecycleEventListener {
    void onLifecycle(LifecycleEvent event);

    /** libvirtd went away (nova disables the compute service until it is back). */
    default void onDisconnected(String reason) {
    }

    /**
     * The connection was replaced after libvirtd went away: events sent meanwhile are lost, so a
     * listener that tracks power states should re-read them.
     */
    default void onReconnected() {
    }
}
