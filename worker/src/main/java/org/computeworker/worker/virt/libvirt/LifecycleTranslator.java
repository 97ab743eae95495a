package org.computeworker.worker.virt.libvirt;

import java.util.function.Consumer;
import org.computeworker.worker.virt.PowerState;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;

/**
 * Runs on libvirt's event loop thread: turns a domain lifecycle event into a {@link LifecycleEvent}
 * (nova's host._event_lifecycle_callback mapping) and passes it on without blocking.
 */
final class LifecycleTranslator implements LifecycleListener {
    private final String uri;
    private final Consumer<LifecycleEvent> sink;

    LifecycleTranslator(String uri, Consumer<LifecycleEvent> sink) {
        this.uri = uri;
        this.sink = sink;
    }

    /** The power state a lifecycle event means, or null for events nova ignores (defined, shutting down). */
    static PowerState powerState(DomainEventType type) {
        return switch (type) {
            case STARTED, RESUMED -> PowerState.RUNNING;
            case STOPPED -> PowerState.SHUTDOWN;
            // libvirt's "suspended" is a paused guest; "pmsuspended" is nova's SUSPENDED.
            case SUSPENDED -> PowerState.PAUSED;
            case PMSUSPENDED -> PowerState.SUSPENDED;
            case CRASHED -> PowerState.CRASHED;
            default -> null;
        };
    }

    @Override
    public int onLifecycleChange(Domain domain, DomainEvent event) {
        PowerState state = powerState(event.getType());
        if (state == null) {
            return 0;
        }
        try {
            // Both are read from the domain handle itself: no call goes to libvirtd from this thread.
            sink.accept(new LifecycleEvent(domain.getUUIDString(), domain.getName(), event.getType().name(), state));
        } catch (LibvirtException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LifecycleTranslator.class)
                    .warn("dropped a lifecycle event from {}: {}", uri, e.toString());
        }
        return 0;
    }
}
