package org.computeworker.worker.image.qemu;

import java.util.ArrayList;
import java.util.List;

/**
 * Kernel resource limits for a qemu-img run, applied by prefixing the command with util-linux's
 * {@code prlimit}: a hostile image header must not be able to make qemu-img eat the host's memory or CPU.
 *
 * @param addressSpaceBytes RLIMIT_AS, 0 for none
 * @param cpuSeconds        RLIMIT_CPU, 0 for none
 */
public record ResourceLimits(long addressSpaceBytes, long cpuSeconds) {
    /** nova's QEMU_IMG_LIMITS for qemu-img info: 1 GiB of address space, 30 s of CPU. */
    public static final ResourceLimits NOVA_QEMU_IMG_INFO = new ResourceLimits(1L << 30, 30);
    public static final ResourceLimits NONE = new ResourceLimits(0, 0);

    public ResourceLimits {
        if (addressSpaceBytes < 0 || cpuSeconds < 0) {
            throw new IllegalArgumentException("resource limits must be >= 0");
        }
    }

    public boolean none() {
        return addressSpaceBytes == 0 && cpuSeconds == 0;
    }

    /** The argv prefix that applies these limits; empty when there are none. */
    List<String> commandPrefix(String prlimitBinary) {
        if (none()) {
            return List.of();
        }
        List<String> prefix = new ArrayList<>(List.of(prlimitBinary));
        if (addressSpaceBytes > 0) {
            prefix.add("--as=" + addressSpaceBytes);
        }
        if (cpuSeconds > 0) {
            prefix.add("--cpu=" + cpuSeconds);
        }
        prefix.add("--");
        return prefix;
    }

    @Override
    public String toString() {
        return none() ? "no limits" : "address space " + addressSpaceBytes + " bytes, cpu " + cpuSeconds + " s";
    }
}
