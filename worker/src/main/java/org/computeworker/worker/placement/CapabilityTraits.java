package org.computeworker.worker.placement;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nova's CAPABILITY_TRAITS_MAP (nova/virt/driver.py) and ComputeDriver.capabilities_as_traits:
 * which standard os-traits trait each driver capability stands for. All are standard traits that
 * placement (os-traits 2.9, Zed) already knows.
 */
public final class CapabilityTraits {
    private static final String IMAGE_TYPE = "supports_image_type_";
    static final Map<String, String> BY_CAPABILITY = map(
            "supports_attach_interface", "COMPUTE_NET_ATTACH_INTERFACE",
            "supports_device_tagging", "COMPUTE_DEVICE_TAGGING",
            "supports_tagged_attach_interface", "COMPUTE_NET_ATTACH_INTERFACE_WITH_TAG",
            "supports_tagged_attach_volume", "COMPUTE_VOLUME_ATTACH_WITH_TAG",
            "supports_extend_volume", "COMPUTE_VOLUME_EXTEND",
            "supports_multiattach", "COMPUTE_VOLUME_MULTI_ATTACH",
            "supports_trusted_certs", "COMPUTE_TRUSTED_CERTS",
            "supports_accelerators", "COMPUTE_ACCELERATORS",
            "supports_image_type_aki", "COMPUTE_IMAGE_TYPE_AKI",
            "supports_image_type_ami", "COMPUTE_IMAGE_TYPE_AMI",
            "supports_image_type_ari", "COMPUTE_IMAGE_TYPE_ARI",
            "supports_image_type_iso", "COMPUTE_IMAGE_TYPE_ISO",
            "supports_image_type_qcow2", "COMPUTE_IMAGE_TYPE_QCOW2",
            "supports_image_type_raw", "COMPUTE_IMAGE_TYPE_RAW",
            "supports_image_type_vdi", "COMPUTE_IMAGE_TYPE_VDI",
            "supports_image_type_vhd", "COMPUTE_IMAGE_TYPE_VHD",
            "supports_image_type_vhdx", "COMPUTE_IMAGE_TYPE_VHDX",
            "supports_image_type_vmdk", "COMPUTE_IMAGE_TYPE_VMDK",
            "supports_image_type_ploop", "COMPUTE_IMAGE_TYPE_PLOOP",
            "supports_migrate_to_same_host", "COMPUTE_SAME_HOST_COLD_MIGRATE",
            "supports_bfv_rescue", "COMPUTE_RESCUE_BFV",
            "supports_secure_boot", "COMPUTE_SECURITY_UEFI_SECURE_BOOT",
            "supports_socket_pci_numa_affinity", "COMPUTE_SOCKET_PCI_NUMA_AFFINITY",
            "supports_remote_managed_ports", "COMPUTE_REMOTE_MANAGED_PORTS",
            "supports_ephemeral_encryption", "COMPUTE_EPHEMERAL_ENCRYPTION",
            "supports_ephemeral_encryption_luks", "COMPUTE_EPHEMERAL_ENCRYPTION_LUKS",
            "supports_ephemeral_encryption_plain", "COMPUTE_EPHEMERAL_ENCRYPTION_PLAIN");

    private CapabilityTraits() {
    }

    /**
     * The driver's capabilities keyed by trait: supported or not. Capabilities without a trait
     * (has_imagecache, supports_evacuate, ...) are left out; an image type in {@code [compute]
     * image_type_exclude_list} counts as unsupported.
     */
    public static Map<String, Boolean> of(Map<String, Boolean> capabilities, Collection<String> imageTypeExcludeList) {
        Map<String, Boolean> traits = new LinkedHashMap<>();
        capabilities.forEach((capability, supported) -> {
            String trait = BY_CAPABILITY.get(capability);
            if (trait == null) {
                return;
            }
            boolean excluded = capability.startsWith(IMAGE_TYPE)
                    && imageTypeExcludeList.contains(capability.substring(IMAGE_TYPE.length()));
            traits.put(trait, Boolean.TRUE.equals(supported) && !excluded);
        });
        return traits;
    }

    public static Collection<String> allTraits() {
        return BY_CAPABILITY.values();
    }

    private static Map<String, String> map(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
