package org.computeworker.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.computeworker.broker.PrivateRabbitBroker;

/**
 * {@code java -jar compute-bench.jar [--worker-jar PATH] [--quick]}: runs the worker's benchmarks
 * against a private RabbitMQ (or RABBITMQ_URL / --transport-url) and prints a table of results.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("worker/target/compute-worker.jar");
        boolean quick = false;
        int castCount = 0;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--worker-jar" -> jar = Path.of(args[++i]);
                case "--quick" -> quick = true;
                case "--only" -> only.add(args[++i]);
                case "--casts" -> castCount = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: compute-bench [--worker-jar PATH] [--quick] [--only casts|calls|starts|resize|spawns]");
                    System.exit(2);
                }
            }
        }
        if (!Files.isRegularFile(jar)) {
            System.err.println("no worker jar at " + jar + ": build it first (mvn -DskipTests package)");
            System.exit(2);
        }
        try (PrivateRabbitBroker broker = PrivateRabbitBroker.start()) {
            Report report = new Report();
            report.line("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + System.getProperty("java.version") + ", worker JVM " + String.join(" ", WorkerUnderTest.JVM_OPTIONS));
            if (only.isEmpty() || only.contains("casts")) {
                for (var r : CastDrain.run(jar, broker.url(), broker.transportUrl(), broker.pids(),
                        castCount > 0 ? castCount : quick ? 5_000 : 20_000)) {
                    report.line(String.format(Locale.ROOT, "cast drain, worker %s: %d casts of %d B in %.2f s = %.0f "
                            + "casts/s, worker peak RSS %.0f MiB, CPU per cast: worker %.0f us (%.0f%% JIT), broker %.0f us",
                            r.label(), r.casts(), r.bodyBytes(), r.seconds(), r.castsPerSecond(), r.peakRssMiB(),
                            r.workerCpuMicrosPerCast(), 100 * r.compilerShare(), r.brokerCpuMicrosPerCast()));
                }
            }
            if (only.isEmpty() || only.contains("calls")) {
                try (WorkerUnderTest worker = WorkerUnderTest.start(jar, "bench-calls", broker.transportUrl(), "")) {
                    for (var r : CallLatency.run(broker.transportUrl(), broker.pids(), worker, "bench-calls", quick ? 500 : 2_000, 8,
                            quick ? 250 : 1_000)) {
                        report.line(String.format(Locale.ROOT, "calls, %s: %d calls in %.2f s = %.0f calls/s; %s; "
                                + "worker RSS %.0f MiB; %s", r.label(), r.calls(), r.seconds(), r.callsPerSecond(),
                                r.latency(), r.rssMiB(), r.cpu()));
                    }
                }
            }
            if (only.isEmpty() || only.contains("starts")) {
                var r = StartThroughput.run(jar, broker.url(), broker.transportUrl(), broker.pids(),
                        quick ? 500 : 2_000);
                report.line(String.format(Locale.ROOT, "start_instance with notifications (both formats): %d starts in "
                        + "%.2f s = %.0f ops/s, %.1f notifications each, CPU per start: worker %.0f us, broker %.0f us, "
                        + "publisher %.0f us; worker RSS %.0f MiB", r.instances(), r.seconds(), r.opsPerSecond(),
                        r.notificationsPerOp(), r.workerCpuMicrosPerOp(), r.brokerCpuMicrosPerOp(),
                        r.callerCpuMicrosPerOp(), r.rssMiB()));
            }
            if (only.isEmpty() || only.contains("resize")) {
                var r = ResizeChain.run(jar, broker.url(), broker.transportUrl(), quick ? 50 : 200);
                report.line(String.format(Locale.ROOT, "resize chain prep_resize -> resize_instance -> finish_resize "
                        + "across two workers: %s", r.latency()));
            }
            if (only.isEmpty() || only.contains("spawns")) {
                var r = SpawnRate.run(jar, broker.url(), broker.transportUrl(), quick ? 50 : 300);
                report.line(String.format(Locale.ROOT, "spawns with a warm image cache (libvirt driver, qcow2 over the "
                        + "cached base, test:/// hypervisor): %d in %.2f s = %.0f spawns/minute, worker CPU %.1f ms per spawn",
                        r.spawns(), r.seconds(), r.perMinute(), r.workerCpuMillisPerSpawn()));
            }
            report.print();
        }
    }

    /** Collects result lines for the console. */
    static final class Report {
        private final List<String> lines = new ArrayList<>();

        void line(String s) {
            lines.add(s);
            System.out.println(s);
        }

        void print() {
            System.out.println();
            System.out.println("== results ==");
            lines.forEach(l -> System.out.println("  " + l));
        }
    }
}
