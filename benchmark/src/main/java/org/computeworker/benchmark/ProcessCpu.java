package org.computeworker.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from /proc/&lt;pid&gt;/stat: comparable across runs on a busy machine. */
final class ProcessCpu {
    /** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private static final String COMPILER_THREADS = "CN CompilerThre";

    private ProcessCpu() {
    }

    static double seconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /** CPU seconds per thread name (digits folded: rpc-12 → rpc-N), from /proc/&lt;pid&gt;/task. */
    static java.util.Map<String, Double> byThread(long pid) throws IOException {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("\\d+", "N");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    out.merge(name, cpu, Double::sum);
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }

    /** CPU seconds HotSpot's C1/C2 compiler threads ("C2 CompilerThre" in /proc) used between two readings. */
    static double compilerSeconds(java.util.Map<String, Double> before, java.util.Map<String, Double> after) {
        return after.getOrDefault(COMPILER_THREADS, 0.0) - before.getOrDefault(COMPILER_THREADS, 0.0);
    }

    /** "name 1.23s ..." for the threads that used more than 50 ms between two {@link #byThread} readings. */
    static String busiest(java.util.Map<String, Double> before, java.util.Map<String, Double> after) {
        StringBuilder top = new StringBuilder();
        after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0.05)
                .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
                .forEach(e -> top.append(String.format(java.util.Locale.ROOT, " %s %.2fs", e.getKey(), e.getValue())));
        return top.toString().strip();
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
