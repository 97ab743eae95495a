package org.computeworker.worker.config;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What the libvirt driver reads from nova.conf, with nova's names and defaults except one:
 * {@code [libvirt] virt_type} defaults to {@code qemu} (software emulation) here, where nova's
 * default is {@code kvm}: KVM is unusable on the hosts this worker is tested on.
 *
 * @param connectionUri        [libvirt] connection_uri; empty means the virt_type's system URI
 * @param imagesType           [libvirt] images_type; {@code default} means qcow2 when use_cow_images, else raw
 * @param injectPartition      [libvirt] inject_partition; -2 (nova's default) disables injection
 * @param useCowImages         [DEFAULT] use_cow_images
 * @param forceRawImages       [DEFAULT] force_raw_images: downloaded images are converted to raw
 * @param defaultEphemeralFormat [DEFAULT] default_ephemeral_format; null lets the os_type decide
 * @param remoteFilesystemTransport [libvirt] remote_filesystem_transport (ssh or rsync) for resize copies
 * @param runningTimeout       [compute_worker] libvirt_running_timeout: how long to wait for a started
 *                             guest to report RUNNING (nova waits forever)
 */
public record LibvirtOptions(
        String connectionUri,
        String virtType,
        String imagesType,
        int injectPartition,
        boolean injectPassword,
        boolean injectKey,
        String rbdUser,
        String rbdSecretUuid,
        boolean useCowImages,
        boolean forceRawImages,
        String defaultEphemeralFormat,
        String remoteFilesystemTransport,
        Duration runningTimeout) {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public static LibvirtOptions read(OptionReader r) {
        String secret = r.string("libvirt", "rbd_secret_uuid", null);
        if (secret != null && !UUID.matcher(secret).matches()) {
            throw r.invalid("libvirt", "rbd_secret_uuid", secret, "a UUID");
        }
        return new LibvirtOptions(
                r.string("libvirt", "connection_uri", ""),
                r.choice("libvirt", "virt_type", "qemu", "kvm", "qemu"),
                r.choice("libvirt", "images_type", "default", "raw", "flat", "qcow2", "rbd", "default"),
                r.integer("libvirt", "inject_partition", -2, -2, 1024),
                r.bool("libvirt", "inject_password", false),
                r.bool("libvirt", "inject_key", false),
                r.string("libvirt", "rbd_user", null),
                secret,
                r.bool("DEFAULT", "use_cow_images", true),
                r.bool("DEFAULT", "force_raw_images", true),
                r.optional("DEFAULT", "default_ephemeral_format").orElse(null),
                r.choice("libvirt", "remote_filesystem_transport", "ssh", "ssh", "rsync"),
                Duration.ofSeconds(r.integer(WorkerOptions.SECTION, "libvirt_running_timeout", 300, 1, 86400)));
    }

    /** Defaults for tests and tools: everything as an empty nova.conf gives. */
    public static LibvirtOptions defaults() {
        return read(new OptionReader(org.computeworker.messages.config.OsloConfigFile.empty()));
    }

    /** nova's rule: an empty connection_uri means the hypervisor's system instance. */
    public String effectiveUri() {
        return connectionUri.isEmpty() ? "qemu:///system" : connectionUri;
    }

    /** nova's images_type "default": qcow2 when use_cow_images, else raw. */
    public String effectiveImagesType() {
        if (!"default".equals(imagesType)) {
            return "flat".equals(imagesType) ? "raw" : imagesType;
        }
        return useCowImages ? "qcow2" : "raw";
    }

    /** True when the operator asked for file injection, which this driver does not do. */
    public boolean injectionRequested() {
        return injectPartition != -2 || injectPassword || injectKey;
    }

    public LibvirtOptions withConnectionUri(String uri) {
        return new LibvirtOptions(uri, virtType, imagesType, injectPartition, injectPassword, injectKey, rbdUser,
                rbdSecretUuid, useCowImages, forceRawImages, defaultEphemeralFormat, remoteFilesystemTransport,
                runningTimeout);
    }

    public LibvirtOptions withDefaultEphemeralFormat(String format) {
        return new LibvirtOptions(connectionUri, virtType, imagesType, injectPartition, injectPassword, injectKey,
                rbdUser, rbdSecretUuid, useCowImages, forceRawImages, format, remoteFilesystemTransport,
                runningTimeout);
    }

    public LibvirtOptions withRunningTimeout(Duration timeout) {
        return new LibvirtOptions(connectionUri, virtType, imagesType, injectPartition, injectPassword, injectKey,
                rbdUser, rbdSecretUuid, useCowImages, forceRawImages, defaultEphemeralFormat,
                remoteFilesystemTransport, timeout);
    }
}
