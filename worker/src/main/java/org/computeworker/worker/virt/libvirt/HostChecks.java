package org.computeworker.worker.virt.libvirt;

import java.util.LinkedHashMap;
import java.util.Map;
import org.computeworker.worker.config.LibvirtOptions;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** nova's init_host checks and the capabilities this driver really has. */
final class HostChecks {
    private static final Logger LOG = LoggerFactory.getLogger(HostChecks.class);
    /** nova 26's MIN_LIBVIRT_VERSION (6.0.0) and MIN_QEMU_VERSION (4.2.0), in libvirt's encoding. */
    static final long MIN_LIBVIRT = 6_000_000;
    static final long MIN_QEMU = 4_002_000;

    private final LibvirtHost host;
    private final LibvirtOptions options;

    HostChecks(LibvirtHost host, LibvirtOptions options) {
        this.host = host;
        this.options = options;
    }

    /** Connects and refuses a libvirt or QEMU older than nova accepts. */
    void verify() {
        try {
            long libvirtVersion = host.call(Connect::getLibVirVersion);
            if (libvirtVersion < MIN_LIBVIRT) {
                throw internal("Nova requires libvirt version 6.0.0 or greater.");
            }
            long hypervisorVersion = host.call(Connect::getVersion);
            if ("QEMU".equals(host.call(Connect::getType)) && hypervisorVersion < MIN_QEMU) {
                throw internal("Nova requires QEMU version 4.2.0 or greater.");
            }
            LOG.info("libvirt {} at {}, hypervisor {} {}, virt_type {}", libvirtVersion, host.uri(),
                    host.call(Connect::getType), hypervisorVersion, options.virtType());
        } catch (LibvirtException e) {
            throw GuestLifecycle.internalError("Error from libvirt during init_host", e);
        }
        if (options.injectionRequested()) {
            LOG.warn("[libvirt] inject_partition/inject_password/inject_key are set, but this driver does not"
                    + " inject files into guest disks; use a config drive or the metadata service");
        }
    }

    String hostname() {
        try {
            return host.call(Connect::getHostName);
        } catch (LibvirtException e) {
            throw GuestLifecycle.internalError("Error from libvirt while reading the host name", e);
        }
    }

    /** nova's libvirt capabilities, false where this driver lacks the feature (volumes, interfaces, ...). */
    Map<String, Boolean> capabilities() {
        boolean rawOnly = "rbd".equals(options.images().effectiveImagesType());
        Map<String, Boolean> caps = new LinkedHashMap<>();
        caps.put("has_imagecache", true);
        caps.put("supports_evacuate", true);
        caps.put("supports_migrate_to_same_host", false);
        caps.put("supports_attach_interface", false);
        caps.put("supports_device_tagging", false);
        caps.put("supports_tagged_attach_interface", false);
        caps.put("supports_tagged_attach_volume", false);
        caps.put("supports_extend_volume", false);
        caps.put("supports_multiattach", false);
        caps.put("supports_trusted_certs", false);
        caps.put("supports_image_type_aki", true);
        caps.put("supports_image_type_ari", true);
        caps.put("supports_image_type_ami", true);
        caps.put("supports_image_type_raw", true);
        caps.put("supports_image_type_iso", true);
        caps.put("supports_image_type_qcow2", !rawOnly);
        caps.put("supports_image_type_ploop", false);
        caps.put("supports_pcpus", false);
        caps.put("supports_accelerators", false);
        caps.put("supports_bfv_rescue", false);
        caps.put("supports_vtpm", false);
        caps.put("supports_socket_pci_numa_affinity", false);
        return caps;
    }

    private static NovaException internal(String message) {
        return new NovaException(NovaError.INTERNAL_ERROR, message, NovaException.kw());
    }
}
