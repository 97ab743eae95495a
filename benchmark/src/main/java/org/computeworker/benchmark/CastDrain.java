package org.computeworker.benchmark;

import java.nio.file.Path;

/**
 * A backlog of oslo casts waiting in the worker's queue before it starts, then drained: casts/s
 * over the drain and the worker's peak RSS while draining.
 */
public final class CastDrain {
    public record Result(int casts, int bodyBytes, double seconds, double castsPerSecond, double peakRssMiB,
                         double workerCpuMicrosPerCast, double brokerCpuMicrosPerCast) {
    }

    private CastDrain() {
    }

    public static Result run(Path jar, String amqpUrl, String transportUrl, java.util.List<Long> brokerPids, int casts)
            throws Exception {
        String host = "bench-drain";
        int bodyBytes;
        try (RawPublisher publisher = new RawPublisher(amqpUrl)) {
            publisher.declareHostQueue(host);
            bodyBytes = Messages.noopCast(0, 100).length;
            for (int i = 0; i < casts; i++) {
                publisher.publish(host, Messages.noopCast(i, 100));
            }
        }
        try (QueueDepth depth = new QueueDepth(amqpUrl, "compute." + host);
             WorkerUnderTest worker = WorkerUnderTest.start(jar, host, transportUrl, "")) {
            double peakRss = 0;
            double cpu0 = worker.cpuSeconds();
            double brokerCpu0 = ProcessCpu.seconds(brokerPids);
            double done = count(worker);
            long t0 = System.nanoTime();
            double c0 = done;
            boolean started = done > 0;
            long lastRss = 0;
            // The queue depth is watched on the broker (a /metrics scrape costs the worker CPU); the
            // worker's own count confirms the end.
            while (done < casts) {
                Thread.sleep(10);
                long waiting = depth.waiting();
                if (!started && waiting < casts) {
                    started = true;
                    t0 = System.nanoTime();
                    c0 = casts - waiting;
                }
                done = waiting == 0 ? count(worker) : 0;
                if (System.nanoTime() - lastRss > 100_000_000L) {
                    peakRss = Math.max(peakRss, worker.rssMiB());
                    lastRss = System.nanoTime();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            peakRss = Math.max(peakRss, worker.rssMiB());
            double cpu = worker.cpuSeconds() - cpu0;
            double brokerCpu = ProcessCpu.seconds(brokerPids) - brokerCpu0;
            double batches = worker.metric("compute_worker_state_commit_batch_count", "");
            double writes = worker.metric("compute_worker_state_commit_batch_sum", "");
            double commitSeconds = worker.metric("compute_worker_state_commit_seconds_sum", "");
            System.err.printf("journal: %.0f commits, %.1f writes per commit, %.0f us per commit%n", batches,
                    writes / Math.max(1, batches), commitSeconds * 1e6 / Math.max(1, batches));
            return new Result(casts, bodyBytes, seconds, (casts - c0) / seconds, peakRss, cpu * 1e6 / casts,
                    brokerCpu * 1e6 / casts);
        }
    }

    private static double count(WorkerUnderTest worker) throws Exception {
        return worker.metric("compute_worker_rpc_duration_seconds_count", "method=\"noop\"");
    }
}
