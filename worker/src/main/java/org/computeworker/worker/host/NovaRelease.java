package org.computeworker.worker.host;

/** The nova release whose compute RPC and objects this worker speaks: Zed (26). */
public final class NovaRelease {
    /** nova.objects.service.SERVICE_VERSION in Zed: compute RPC 6.1. */
    public static final int SERVICE_VERSION = 64;
    public static final String BINARY = "nova-compute";
    public static final String TOPIC = "compute";

    private NovaRelease() {
    }
}
