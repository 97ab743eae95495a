package org.computeworker.worker.virt.libvirt;

import java.time.Duration;
import java.util.Optional;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.virt.InstanceInfo;
import org.computeworker.worker.virt.PowerState;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guest's life in libvirt, found by instance uuid (nova's host.get_guest and guest.py): define,
 * start, wait until running, clean shutdown, destroy and undefine, with libvirt's errors turned
 * into nova's.
 */
public final class GuestLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(GuestLifecycle.class);
    /** nova polls every half second in its FixedIntervalLoopingCalls. */
    static final Duration POLL = Duration.ofMillis(500);
    private static final int UNDEFINE_MANAGED_SAVE = 1;

    private final LibvirtHost host;

    public GuestLifecycle(LibvirtHost host) {
        this.host = host;
    }

    public Optional<Domain> lookup(String uuid) {
        try {
            return Optional.of(host.call(c -> c.domainLookupByUUIDString(uuid)));
        } catch (LibvirtException e) {
            if (LibvirtErrors.noDomain(e)) {
                return Optional.empty();
            }
            throw internalError("Error from libvirt while looking up " + uuid, e);
        }
    }

    /** nova's guest.get_info: InstanceNotFound when libvirt knows no such domain. */
    public InstanceInfo info(String uuid) {
        try {
            return onDomain(uuid, d -> new InstanceInfo(powerState(d.getInfo().state), Integer.toString(d.getID())));
        } catch (LibvirtException e) {
            if (LibvirtErrors.noDomain(e)) {
                throw NovaErrors.instanceNotFound(uuid);
            }
            throw internalError("Error from libvirt while getting domain info for " + uuid, e);
        }
    }

    /** nova's _create_guest: defines the domain (replacing an older definition) and starts it when asked. */
    public void defineAndStart(String uuid, String xml, boolean start) {
        try {
            host.call(c -> c.domainDefineXML(xml));
        } catch (LibvirtException e) {
            LOG.error("Error defining a guest with XML: {}", xml);
            throw internalError("Error from libvirt while defining " + uuid, e);
        }
        if (start) {
            try {
                onDomain(uuid, Domain::create);
            } catch (LibvirtException e) {
                LOG.error("Error launching a defined guest with XML: {}", xml);
                throw internalError("Error from libvirt while starting " + uuid, e);
            }
        }
    }

    /** Polls every 0.5 s until the guest runs; InstancePowerOnFailure when it has not by {@code timeout}. */
    public void waitForRunning(String uuid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            PowerState state = info(uuid).state();
            if (state == PowerState.RUNNING) {
                return;
            }
            if (state == PowerState.CRASHED || System.nanoTime() > deadline) {
                throw NovaErrors.instancePowerOnFailure("guest " + uuid + " is " + state.label()
                        + (state == PowerState.CRASHED ? "" : " after " + timeout.toSeconds() + " s"));
            }
            pause(POLL);
        }
    }

    /**
     * nova's _clean_shutdown: asks the guest to shut down (ACPI), re-asking every
     * {@code retryInterval}, for up to {@code timeout}. True once it is off (or gone).
     */
    public boolean cleanShutdown(String uuid, Duration timeout, Duration retryInterval) {
        if (isOff(uuid)) {
            LOG.info("Instance {} already shutdown.", uuid);
            return true;
        }
        requestShutdown(uuid);
        long retry = Math.max(1, retryInterval.toSeconds());
        long countdown = retry;
        for (long second = 0; second < timeout.toSeconds(); second++) {
            if (isOff(uuid)) {
                LOG.info("Instance {} shutdown successfully after {} seconds.", uuid, second);
                return true;
            }
            if (countdown == 0) {
                countdown = retry;
                requestShutdown(uuid);
            } else {
                countdown--;
            }
            pause(Duration.ofSeconds(1));
        }
        LOG.info("Instance {} failed to shutdown in {} seconds.", uuid, timeout.toSeconds());
        return false;
    }

    /** nova's _destroy: hard-stops the guest and waits until libvirt reports it off; a missing guest is fine. */
    public void destroy(String uuid) {
        String oldId;
        try {
            oldId = onDomain(uuid, d -> Integer.toString(d.getID()));
            onDomain(uuid, d -> {
                d.destroy();
                return null;
            });
        } catch (LibvirtException e) {
            if (LibvirtErrors.noDomain(e)) {
                return;
            }
            if (LibvirtErrors.operationInvalid(e) && isOff(uuid)) {
                return; // "domain is not running": already off
            }
            if (LibvirtErrors.code(e) == org.libvirt.Error.ErrorNumber.VIR_ERR_OPERATION_TIMEOUT) {
                throw NovaErrors.instancePowerOffFailure("operation time out");
            }
            throw internalError("Error from libvirt during destroy of " + uuid, e);
        }
        waitUntilDestroyed(uuid, oldId);
    }

    /** nova's _undefine_domain: forgets the definition (and any managed save); a missing guest is fine. */
    public void undefine(String uuid) {
        try {
            onDomain(uuid, d -> {
                d.undefine(UNDEFINE_MANAGED_SAVE);
                return null;
            });
        } catch (LibvirtException e) {
            if (!LibvirtErrors.noDomain(e)) {
                throw internalError("Error from libvirt during undefine of " + uuid, e);
            }
            LOG.debug("Called undefine, but domain {} already gone.", uuid);
        }
    }

    /** The domain's XML as libvirt reports it now. */
    public String xml(String uuid) {
        try {
            return onDomain(uuid, d -> d.getXMLDesc(0));
        } catch (LibvirtException e) {
            if (LibvirtErrors.noDomain(e)) {
                throw NovaErrors.instanceNotFound(uuid);
            }
            throw internalError("Error from libvirt while reading the XML of " + uuid, e);
        }
    }

    static PowerState powerState(DomainInfo.DomainState state) {
        // nova's LIBVIRT_POWER_STATE: blocked is a running guest, shutting-down and shut-off are SHUTDOWN.
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> PowerState.RUNNING;
            case VIR_DOMAIN_PAUSED -> PowerState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTOFF -> PowerState.SHUTDOWN;
            case VIR_DOMAIN_CRASHED -> PowerState.CRASHED;
            case VIR_DOMAIN_PMSUSPENDED -> PowerState.SUSPENDED;
            default -> PowerState.NOSTATE;
        };
    }

    static NovaException internalError(String what, LibvirtException e) {
        String message = what + ": " + LibvirtErrors.describe(e);
        return new NovaException(NovaError.INTERNAL_ERROR, message, NovaException.kw(), e);
    }

    private void waitUntilDestroyed(String uuid, String oldId) {
        while (true) {
            InstanceInfo info;
            try {
                info = info(uuid);
            } catch (NovaException e) {
                if (e.is(NovaError.INSTANCE_NOT_FOUND)) {
                    return; // disappeared during the destroy: nothing left to stop
                }
                throw e;
            }
            if (info.state() == PowerState.SHUTDOWN || info.state() == PowerState.CRASHED) {
                LOG.info("Instance {} destroyed successfully.", uuid);
                return;
            }
            if (!info.internalId().equals(oldId)) {
                LOG.info("Instance {} may be started again; destroying it again.", uuid);
                destroy(uuid);
                return;
            }
            pause(POLL);
        }
    }

    private boolean isOff(String uuid) {
        try {
            PowerState state = info(uuid).state();
            return state == PowerState.SHUTDOWN || state == PowerState.CRASHED;
        } catch (NovaException e) {
            if (e.is(NovaError.INSTANCE_NOT_FOUND)) {
                return true;
            }
            throw e;
        }
    }

    private void requestShutdown(String uuid) {
        try {
            onDomain(uuid, d -> {
                d.shutdown();
                return null;
            });
        } catch (LibvirtException e) {
            // It may be off already, or still booting: the caller polls and asks again.
            LOG.debug("Ignoring libvirt exception from shutdown request: {}", LibvirtErrors.describe(e));
        }
    }

    /** Looks the domain up and acts on it in one call, so a reconnect retries both. */
    private <T> T onDomain(String uuid, DomainCall<T> action) throws LibvirtException {
        return host.call(c -> action.apply(c.domainLookupByUUIDString(uuid)));
    }

    @FunctionalInterface
    private interface DomainCall<T> {
        T apply(Domain domain) throws LibvirtException;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NovaException("interrupted while waiting for a guest");
        }
    }
}
