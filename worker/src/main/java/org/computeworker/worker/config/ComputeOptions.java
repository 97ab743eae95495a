package org.computeworker.worker.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.computeworker.messages.config.ConfigException;

/** {@code [DEFAULT]} options of nova-compute itself: identity, paths, driver, resources. */
public record ComputeOptions(
        String host,
        Path statePath,
        Path instancesPath,
        String computeDriver,
        boolean allowResizeToSameHost,
        int reservedHostMemoryMb,
        int reservedHostDiskMb,
        int reservedHostCpus,
        Double cpuAllocationRatio,
        Double ramAllocationRatio,
        Double diskAllocationRatio,
        double initialCpuAllocationRatio,
        double initialRamAllocationRatio,
        double initialDiskAllocationRatio,
        int shutdownTimeoutSeconds,
        int executorThreadPoolSize,
        int gracefulShutdownTimeoutSeconds,
        String myIp) {

    public static final List<String> DRIVERS = List.of("fake.FakeDriver", "libvirt.LibvirtDriver");
    /** A host name becomes part of queue names and routing keys: keep it to safe characters. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    static ComputeOptions read(OptionReader r) {
        String host = r.string("DEFAULT", "host", localHostName());
        if (!HOST_NAME.matcher(host).matches()) {
            throw r.invalid("DEFAULT", "host", host, "a host name (letters, digits, '.', '_', '-')");
        }
        String statePath = r.string("DEFAULT", "state_path", "/var/lib/nova");
        r.file().setSubstitutionDefault("state_path", statePath);
        String instancesPath = r.string("DEFAULT", "instances_path", statePath + "/instances");
        String driver = r.string("DEFAULT", "compute_driver", "fake.FakeDriver");
        if (!DRIVERS.contains(driver)) {
            throw r.invalid("DEFAULT", "compute_driver", driver, "one of " + String.join(", ", DRIVERS));
        }
        return new ComputeOptions(
                host,
                absolute(r, "state_path", statePath),
                absolute(r, "instances_path", instancesPath),
                driver,
                r.bool("DEFAULT", "allow_resize_to_same_host", false),
                r.integer("DEFAULT", "reserved_host_memory_mb", 512, 0, Integer.MAX_VALUE),
                r.integer("DEFAULT", "reserved_host_disk_mb", 0, 0, Integer.MAX_VALUE),
                r.integer("DEFAULT", "reserved_host_cpus", 0, 0, Integer.MAX_VALUE),
                r.optionalDecimal("DEFAULT", "cpu_allocation_ratio", 0.0, 1000.0),
                r.optionalDecimal("DEFAULT", "ram_allocation_ratio", 0.0, 1000.0),
                r.optionalDecimal("DEFAULT", "disk_allocation_ratio", 0.0, 1000.0),
                r.decimal("DEFAULT", "initial_cpu_allocation_ratio", 4.0, 0.0, 1000.0),
                r.decimal("DEFAULT", "initial_ram_allocation_ratio", 1.0, 0.0, 1000.0),
                r.decimal("DEFAULT", "initial_disk_allocation_ratio", 1.0, 0.0, 1000.0),
                r.integer("DEFAULT", "shutdown_timeout", 60, 0, 86400),
                r.integer("DEFAULT", "executor_thread_pool_size", 64, 1, 4096),
                r.integer("DEFAULT", "graceful_shutdown_timeout", 60, 0, 86400),
                r.string("DEFAULT", "my_ip", "127.0.0.1"));
    }

    private static Path absolute(OptionReader r, String option, String value) {
        Path p = Path.of(value);
        if (!p.isAbsolute()) {
            // nova requires absolute paths too; a relative one would depend on the start directory.
            p = p.toAbsolutePath().normalize();
        }
        if (value.contains("\0")) {
            throw new ConfigException(r.where("DEFAULT", option) + " contains a NUL byte");
        }
        return p;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The allocation ratio in force: the configured one, else the initial one (nova's rule). */
    public double cpuRatio() {
        return cpuAllocationRatio != null && cpuAllocationRatio > 0 ? cpuAllocationRatio : initialCpuAllocationRatio;
    }

    public double ramRatio() {
        return ramAllocationRatio != null && ramAllocationRatio > 0 ? ramAllocationRatio : initialRamAllocationRatio;
    }

    public double diskRatio() {
        return diskAllocationRatio != null && diskAllocationRatio > 0 ? diskAllocationRatio : initialDiskAllocationRatio;
    }
}
