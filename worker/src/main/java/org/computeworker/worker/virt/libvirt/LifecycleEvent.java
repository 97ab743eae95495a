package org.computeworker.worker.virt.libvirt;

import org.computeworker.worker.virt.PowerState;

/**
 * A guest changed state, as libvirt reported it: the instance uuid (the domain's uuid), the
 * domain name, libvirt's event name (STARTED, STOPPED, ...) and the power state it implies.
 */
public record LifecycleEvent(String instanceUuid, String domainName, String libvirtEvent, PowerState powerState) {
}
