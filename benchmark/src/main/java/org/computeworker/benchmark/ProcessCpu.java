package org.computeworker.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from /proc/&lt;pid&gt;/stat: comparable across runs on a busy machine. */
final class ProcessCpu {
    /** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    static double seconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /** Summed over processes that may have ended (they then count nothing). */
    static double seconds(java.util.List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            try {
                total += seconds(pid);
            } catch (IOException ended) {
                // gone
            }
        }
        return total;
    }
}
