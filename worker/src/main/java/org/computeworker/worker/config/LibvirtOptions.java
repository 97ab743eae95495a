package org.computeworker.worker.config;

import java.time.Duration;

/**
 * What the libvirt driver reads from nova.conf, with nova's names and defaults except one:
 * {@code [libvirt] virt_type} defaults to {@code qemu} (software emulation) here, where nova's
 * default is {@code kvm}: KVM is unusable on the hosts this worker is tested on. The options that
 * shape instance disks ({@code images_type}, {@code use_cow_images}, {@code force_raw_images}, ...)
 * are read once, by {@link LibvirtImageOptions}, and travel here as {@link #images}.
 *
 * @param connectionUri   [libvirt] connection_uri; empty means the virt_type's system URI
 * @param injectPartition [libvirt] inject_partition; -2 (nova's default) disables injection
 * @param runningTimeout  [compute_worker] libvirt_running_timeout: how long to wait for a started
 *                        guest to report RUNNING (nova waits forever)
 * @param images          the disk options shared with the image backends
 */
public record LibvirtOptions(
        String connectionUri,
        String virtType,
        int injectPartition,
        boolean injectPassword,
        boolean injectKey,
        Duration runningTimeout,
        LibvirtImageOptions images) {

    public static LibvirtOptions read(OptionReader r) {
        return new LibvirtOptions(
                r.string("libvirt", "connection_uri", ""),
                r.choice("libvirt", "virt_type", "qemu", "kvm", "qemu"),
                r.integer("libvirt", "inject_partition", -2, -2, 1024),
                r.bool("libvirt", "inject_password", false),
                r.bool("libvirt", "inject_key", false),
                Duration.ofSeconds(r.integer(WorkerOptions.SECTION, "libvirt_running_timeout", 300, 1, 86400)),
                LibvirtImageOptions.read(r));
    }

    /** Defaults for tests and tools: everything as an empty nova.conf gives. */
    public static LibvirtOptions defaults() {
        return read(new OptionReader(org.computeworker.messages.config.OsloConfigFile.empty()));
    }

    /** nova's rule: an empty connection_uri means the hypervisor's system instance. */
    public String effectiveUri() {
        return connectionUri.isEmpty() ? "qemu:///system" : connectionUri;
    }

    /** True when the operator asked for file injection, which this driver does not do. */
    public boolean injectionRequested() {
        return injectPartition != -2 || injectPassword || injectKey;
    }

    public LibvirtOptions withConnectionUri(String uri) {
        return new LibvirtOptions(uri, virtType, injectPartition, injectPassword, injectKey, runningTimeout, images);
    }

    public LibvirtOptions withRunningTimeout(Duration timeout) {
        return new LibvirtOptions(connectionUri, virtType, injectPartition, injectPassword, injectKey, timeout, images);
    }

    public LibvirtOptions withImages(LibvirtImageOptions imageOptions) {
        return new LibvirtOptions(connectionUri, virtType, injectPartition, injectPassword, injectKey, runningTimeout,
                imageOptions);
    }
}
