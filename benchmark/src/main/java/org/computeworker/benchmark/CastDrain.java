package org.computeworker.benchmark;

import java.nio.file.Path;
import java.util.List;

/**
 * A backlog of oslo casts waiting in the worker's queue, drained: casts/s over the drain and the worker's peak RSS
 * while draining. Twice: by a worker process that has just started (its JIT compiler busy with the hot paths), then
 * by the same worker once warm: paused with SIGSTOP while each further backlog is queued, until its JIT compilers
 * are nearly idle.
 */
public final class CastDrain {
    public record Result(String label, int casts, int bodyBytes, double seconds, double castsPerSecond,
                         double peakRssMiB, double workerCpuMicrosPerCast, double brokerCpuMicrosPerCast,
                         double compilerShare) {
    }

    private static final String HOST = "bench-drain";
    private static final int MAX_PASSES = 6;

    private CastDrain() {
    }

    public static List<Result> run(Path jar, String amqpUrl, String transportUrl, List<Long> brokerPids, int casts)
            throws Exception {
        int bodyBytes;
        try (RawPublisher publisher = new RawPublisher(amqpUrl)) {
            publisher.declareHostQueue(HOST);
            bodyBytes = Messages.noopCast(0, 100).length;
            publish(publisher, 0, casts);
        }
        try (QueueDepth depth = new QueueDepth(amqpUrl, "compute." + HOST);
             WorkerUnderTest worker = WorkerUnderTest.start(jar, HOST, transportUrl, "")) {
            Result cold = drain("just started", worker, depth, brokerPids, casts, casts, bodyBytes);
            Result warm = null;
            // Steady state: repeat the backlog until the JIT compilers take under a tenth of the worker's CPU.
            for (int pass = 2; pass <= MAX_PASSES && (warm == null || warm.compilerShare() > 0.1); pass++) {
                worker.signal("STOP");
                try (RawPublisher publisher = new RawPublisher(amqpUrl)) {
                    publish(publisher, (pass - 1) * casts, casts);
                } finally {
                    worker.signal("CONT");
                }
                warm = drain("warm (backlog " + pass + ")", worker, depth, brokerPids, casts, pass * casts, bodyBytes);
            }
            return List.of(cold, warm);
        }
    }

    private static void publish(RawPublisher publisher, int first, int count) throws Exception {
        for (int i = first; i < first + count; i++) {
            publisher.publish(HOST, Messages.noopCast(i, 100));
        }
        publisher.flush();
    }

    /** Waits until the worker has run {@code doneAt} casts in all, timing from the first one of this backlog. */
    private static Result drain(String label, WorkerUnderTest worker, QueueDepth depth, List<Long> brokerPids,
                                int casts, int doneAt, int bodyBytes) throws Exception {
        double peakRss = 0;
        double cpu0 = worker.cpuSeconds();
        double brokerCpu0 = ProcessCpu.seconds(brokerPids);
        JournalCommits commits0 = JournalCommits.of(worker);
        var threads0 = worker.cpuByThread();
        long t0 = System.nanoTime();
        int waitingAtStart = casts;
        boolean started = false;
        double done = 0;
        long lastRss = 0;
        // The queue depth is watched on the broker (a /metrics scrape costs the worker CPU); the worker's own
        // count confirms the end.
        while (done < doneAt) {
            Thread.sleep(10);
            long waiting = depth.waiting();
            if (!started && waiting < casts) {
                started = true;
                t0 = System.nanoTime();
                waitingAtStart = (int) waiting;
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
        var threads1 = worker.cpuByThread();
        System.err.printf("%s: %s; worker CPU by thread: %s%n", label, JournalCommits.of(worker).since(commits0),
                ProcessCpu.busiest(threads0, threads1));
        double compiler = ProcessCpu.compilerSeconds(threads0, threads1);
        return new Result(label, casts, bodyBytes, seconds, waitingAtStart / seconds, peakRss, cpu * 1e6 / casts,
                brokerCpu * 1e6 / casts, compiler / Math.max(cpu, 1e-9));
    }

    private static double count(WorkerUnderTest worker) throws Exception {
        return worker.metric("compute_worker_rpc_duration_seconds_count", "method=\"noop\"");
    }
}
