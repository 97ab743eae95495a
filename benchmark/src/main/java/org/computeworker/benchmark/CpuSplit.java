package org.computeworker.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU used by the worker, the broker and this (calling) process from one reading to the next, with the worker's
 * busiest threads and journal commits: where the machine's two cores went during a phase.
 */
record CpuSplit(double worker, double broker, double caller, Map<String, Double> workerThreads,
                JournalCommits commits) {
    static CpuSplit of(WorkerUnderTest w, List<Long> brokerPids) throws Exception {
        return new CpuSplit(w.cpuSeconds(), ProcessCpu.seconds(brokerPids),
                ProcessCpu.seconds(ProcessHandle.current().pid()), w.cpuByThread(), JournalCommits.of(w));
    }

    /** Microseconds of CPU per operation on each side; printed with the thread and journal detail to stderr. */
    String perOperation(String label, CpuSplit earlier, int operations) {
        System.err.printf("%s: worker CPU by thread: %s; %s%n", label,
                ProcessCpu.busiest(earlier.workerThreads, workerThreads), commits.since(earlier.commits));
        return String.format(Locale.ROOT, "CPU per call: worker %.0f us, broker %.0f us, caller %.0f us",
                (worker - earlier.worker) * 1e6 / operations, (broker - earlier.broker) * 1e6 / operations,
                (caller - earlier.caller) * 1e6 / operations);
    }
}
