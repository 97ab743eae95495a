package org.computeworker.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.computeworker.rpc.client.MessagingOptions;
import org.computeworker.rpc.client.RpcClient;
import org.computeworker.rpc.client.Target;

/** Call round trips to a worker's no-op method: sequential, then from concurrent callers. */
public final class CallLatency {
    public record Result(String label, int calls, double seconds, double callsPerSecond, Stats latency, double rssMiB,
                         String cpu) {
    }

    private static final int WARM_UP = 4_000;
    private static final int MAX_WARM_UP_ROUNDS = 8;

    private CallLatency() {
    }

    public static List<Result> run(String transportUrl, List<Long> brokerPids, WorkerUnderTest worker, String host,
                                   int sequential, int callers, int perCaller) throws Exception {
        var factory = BrokerConnectionFactory.forUrl(transportUrl).connectionName("bench-caller").build();
        try (RpcClient rpc = new RpcClient(factory, MessagingOptions.defaults())) {
            Target target = Target.topic("compute").withServer(host).withNamespace(Messages.NAMESPACE).withVersion(Messages.VERSION);
            RequestContext ctx = Messages.context();
            // Warm-up, sequential then concurrent, until the worker's JIT compilers are nearly idle: what is
            // measured is a worker that has been running, not one just started.
            for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
                var before = worker.cpuByThread();
                double cpu0 = worker.cpuSeconds();
                for (int i = 0; i < WARM_UP; i++) {
                    call(rpc, target, ctx, i);
                }
                concurrently(rpc, target, ctx, callers, WARM_UP / callers);
                double compiler = ProcessCpu.compilerSeconds(before, worker.cpuByThread());
                double share = compiler / Math.max(1e-9, worker.cpuSeconds() - cpu0);
                System.err.printf("call warm-up round %d: JIT %.0f%% of the worker's CPU%n", round, 100 * share);
                if (share < 0.05) {
                    break;
                }
            }
            CpuSplit before = CpuSplit.of(worker, brokerPids);
            long[] seq = new long[sequential];
            long start = System.nanoTime();
            for (int i = 0; i < sequential; i++) {
                long t = System.nanoTime();
                call(rpc, target, ctx, i);
                seq[i] = System.nanoTime() - t;
            }
            double seqSeconds = (System.nanoTime() - start) / 1e9;
            String seqCpu = CpuSplit.of(worker, brokerPids).perOperation("sequential calls", before, sequential);
            List<Result> results = new ArrayList<>();
            results.add(new Result("sequential", sequential, seqSeconds, sequential / seqSeconds, Stats.ofNanos(seq),
                    worker.rssMiB(), seqCpu));

            before = CpuSplit.of(worker, brokerPids);
            long cStart = System.nanoTime();
            long[] conc = concurrently(rpc, target, ctx, callers, perCaller);
            double cSeconds = (System.nanoTime() - cStart) / 1e9;
            String concCpu = CpuSplit.of(worker, brokerPids).perOperation(callers + " callers", before,
                    callers * perCaller);
            results.add(new Result(callers + " callers", callers * perCaller, cSeconds, callers * perCaller / cSeconds,
                    Stats.ofNanos(conc), worker.rssMiB(), concCpu));
            return results;
        } finally {
            factory.destroy();
        }
    }

    /** {@code callers} threads each making {@code perCaller} calls; the latency of every call. */
    private static long[] concurrently(RpcClient rpc, Target target, RequestContext ctx, int callers, int perCaller)
            throws InterruptedException {
        long[] latencies = new long[callers * perCaller];
        AtomicInteger slot = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perCaller; i++) {
                    long t0 = System.nanoTime();
                    call(rpc, target, ctx, caller * perCaller + i);
                    latencies[slot.getAndIncrement()] = System.nanoTime() - t0;
                }
            }, "caller-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return latencies;
    }

    private static void call(RpcClient rpc, Target target, RequestContext ctx, int i) {
        rpc.call(target, ctx, "noop", Messages.args(i, 100), Messages.VERSION, Duration.ofSeconds(30), null);
    }
}
