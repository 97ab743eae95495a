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
    public record Result(String label, int calls, double seconds, double callsPerSecond, Stats latency, double rssMiB) {
    }

    private CallLatency() {
    }

    public static List<Result> run(String transportUrl, WorkerUnderTest worker, String host, int sequential,
                                   int callers, int perCaller) throws Exception {
        var factory = BrokerConnectionFactory.forUrl(transportUrl).connectionName("bench-caller").build();
        try (RpcClient rpc = new RpcClient(factory, MessagingOptions.defaults())) {
            Target target = Target.topic("compute").withServer(host).withNamespace(Messages.NAMESPACE).withVersion(Messages.VERSION);
            RequestContext ctx = Messages.context();
            for (int i = 0; i < 500; i++) {
                call(rpc, target, ctx, i); // warm-up: JIT on both sides
            }
            long[] seq = new long[sequential];
            long start = System.nanoTime();
            for (int i = 0; i < sequential; i++) {
                long t = System.nanoTime();
                call(rpc, target, ctx, i);
                seq[i] = System.nanoTime() - t;
            }
            double seqSeconds = (System.nanoTime() - start) / 1e9;
            List<Result> results = new ArrayList<>();
            results.add(new Result("sequential", sequential, seqSeconds, sequential / seqSeconds, Stats.ofNanos(seq),
                    worker.rssMiB()));

            long[] conc = new long[callers * perCaller];
            AtomicInteger slot = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            long cStart = System.nanoTime();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < perCaller; i++) {
                        long t0 = System.nanoTime();
                        call(rpc, target, ctx, caller * perCaller + i);
                        conc[slot.getAndIncrement()] = System.nanoTime() - t0;
                    }
                }, "caller-" + c);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double cSeconds = (System.nanoTime() - cStart) / 1e9;
            results.add(new Result(callers + " callers", callers * perCaller, cSeconds, callers * perCaller / cSeconds,
                    Stats.ofNanos(conc), worker.rssMiB()));
            return results;
        } finally {
            factory.destroy();
        }
    }

    private static void call(RpcClient rpc, Target target, RequestContext ctx, int i) {
        rpc.call(target, ctx, "noop", Messages.args(i, 100), Messages.VERSION, Duration.ofSeconds(30), null);
    }
}
