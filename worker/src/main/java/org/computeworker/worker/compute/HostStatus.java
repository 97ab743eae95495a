package org.computeworker.worker.compute;

/** Whether the scheduler may place new instances here, as the API's os-services changes it. */
public interface HostStatus {
    /**
     * nova's _update_compute_provider_status: COMPUTE_STATUS_DISABLED is added to (disabled) or
     * removed from (enabled) the providers of this host's compute nodes.
     *
     * @throws org.computeworker.worker.errors.NovaException ComputeHostNotFound before the first resource audit
     */
    void setEnabled(boolean enabled);

    /** Standalone: nothing is reported anywhere. */
    HostStatus NONE = enabled -> {
    };
}
