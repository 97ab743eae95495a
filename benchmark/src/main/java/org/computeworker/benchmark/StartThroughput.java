package org.computeworker.benchmark;

import java.nio.file.Path;
import org.computeworker.messages.objects.Instance;

/**
 * start_instance operations per second with notifications on (legacy and versioned, messagingv2):
 * instances are built and stopped first, then every one of them is started at once.
 */
final class StartThroughput {
    static final String NOTIFICATIONS_ON = "[oslo_messaging_notifications]\ndriver = messagingv2\n"
            + "[notifications]\nnotification_format = both\n";
    /** nova's fake host holds ~390 small instances; the benchmark needs thousands. */
    static final String BIG_FAKE_HOST = "[fake_driver]\nvcpus = 100000\nmemory_mb = 100000000\nlocal_gb = 100000000\n";

    /** power_on.start and power_on.end, each legacy and versioned. */
    private static final int NOTIFICATIONS_PER_START = 4;

    record Result(int instances, double seconds, double opsPerSecond, double workerCpuMicrosPerOp,
                  double brokerCpuMicrosPerOp, double callerCpuMicrosPerOp, double notificationsPerOp, double rssMiB) {
    }

    private static final int MAX_WARM_UP_ROUNDS = 15;

    private StartThroughput() {
    }

    static Result run(Path jar, String amqpUrl, String transportUrl, java.util.List<Long> brokerPids, int n)
            throws Exception {
        String host = "bench-starts";
        int warmRounds = 0;
        try (WorkerUnderTest worker = WorkerUnderTest.start(jar, host, transportUrl, NOTIFICATIONS_ON + BIG_FAKE_HOST);
             RawPublisher publisher = new RawPublisher(amqpUrl)) {
            castAll(publisher, host, n, "build_and_run_instance", "building", "scheduling");
            awaitCount(worker, "build_and_run_instance", n);
            castAll(publisher, host, n, "stop_instance", "active", "powering-off");
            awaitCount(worker, "stop_instance", n);
            // Warm-up rounds of start then stop, until the JIT compilers take under a twentieth of the worker's
            // CPU: the measured round is a worker that has been running.
            for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
                var before = worker.cpuByThread();
                double cpuBefore = worker.cpuSeconds();
                castAll(publisher, host, n, "start_instance", "stopped", "powering-on");
                awaitCount(worker, "start_instance", round * n);
                castAll(publisher, host, n, "stop_instance", "active", "powering-off");
                awaitCount(worker, "stop_instance", (round + 1) * n);
                purgeNotifications(publisher);
                double share = ProcessCpu.compilerSeconds(before, worker.cpuByThread())
                        / Math.max(1e-9, worker.cpuSeconds() - cpuBefore);
                System.err.printf("start/stop warm-up round %d: JIT %.0f%% of the worker's CPU%n", round, 100 * share);
                warmRounds = round;
                if (share < 0.05) {
                    break;
                }
            }

            awaitQuietNotifications(worker); // the last stop round's must not count as the starts'
            purgeNotifications(publisher);
            double cpu0 = worker.cpuSeconds();
            // The broker and this publisher share the two cores with the worker: their CPU bounds the rate too.
            double broker0 = ProcessCpu.seconds(brokerPids);
            double caller0 = ProcessCpu.seconds(ProcessHandle.current().pid());
            double sent0 = worker.metric("compute_worker_notifications_sent_total", "");
            System.err.println("timed phase starts at " + java.time.Instant.now());
            var threads0 = worker.cpuByThread();
            long t0 = System.nanoTime();
            castAll(publisher, host, n, "start_instance", "stopped", "powering-on");
            awaitCount(worker, "start_instance", (warmRounds + 1) * n);
            // A start is done for billing when its notifications are confirmed by the broker, not before.
            awaitNotifications(worker, sent0 + NOTIFICATIONS_PER_START * n);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = worker.cpuSeconds() - cpu0;
            double broker = ProcessCpu.seconds(brokerPids) - broker0;
            double caller = ProcessCpu.seconds(ProcessHandle.current().pid()) - caller0;
            var threads1 = worker.cpuByThread();
            System.err.println("worker CPU by thread during the starts: " + ProcessCpu.busiest(threads0, threads1));
            double sent = worker.metric("compute_worker_notifications_sent_total", "") - sent0;
            return new Result(n, seconds, n / seconds, cpu * 1e6 / n, broker * 1e6 / n, caller * 1e6 / n, sent / n,
                    worker.rssMiB());
        }
    }

    private static void castAll(RawPublisher publisher, String host, int n, String method, String vmState,
                                String taskState) throws Exception {
        for (int i = 0; i < n; i++) {
            Instance instance = Instances.instance(Instances.uuid(i), host, vmState, taskState, Instances.SMALL);
            var args = Instances.args(instance);
            if (method.equals("stop_instance")) {
                args.put("clean_shutdown", true);
            }
            publisher.cast(host, Instances.request(method, args));
        }
        publisher.flush();
    }

    private static void purgeNotifications(RawPublisher publisher) throws Exception {
        publisher.purge("notifications.info");
        publisher.purge("versioned_notifications.info");
    }

    private static void awaitQuietNotifications(WorkerUnderTest worker) throws Exception {
        double last = -1;
        double now = worker.metric("compute_worker_notifications_sent_total", "");
        while (now != last) {
            Thread.sleep(200);
            last = now;
            now = worker.metric("compute_worker_notifications_sent_total", "");
        }
    }

    private static void awaitNotifications(WorkerUnderTest worker, double total) throws Exception {
        long end = System.nanoTime() + 600_000_000_000L;
        while (worker.metric("compute_worker_notifications_sent_total", "") < total) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the notifications of the starts were not all sent; see " + worker.log());
            }
            Thread.sleep(5);
        }
    }

    static void awaitCount(WorkerUnderTest worker, String method, int n) throws Exception {
        long end = System.nanoTime() + 600_000_000_000L;
        String series = "method=\"" + method + "\",outcome=\"success\"";
        while (worker.metric("compute_worker_rpc_duration_seconds_count", series) < n) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(method + " did not complete " + n + " times; see " + worker.log());
            }
            Thread.sleep(5);
        }
    }

}
