package org.computeworker.worker;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.computeworker.worker.config.WorkerConfig;
import org.computeworker.worker.dispatch.BaseRpcEndpoint;
import org.computeworker.worker.dispatch.CallReplies;
import org.computeworker.worker.dispatch.Dispatcher;
import org.computeworker.worker.dispatch.InboundPipeline;
import org.computeworker.worker.dispatch.KeyedSerialExecutor;
import org.computeworker.worker.dispatch.RequestRunner;
import org.computeworker.worker.dispatch.RpcEndpoint;
import org.computeworker.worker.metrics.MetricsServer;
import org.computeworker.worker.metrics.RpcMetrics;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.state.MessageJournal;
import org.computeworker.worker.transport.BrokerResolver;
import org.computeworker.worker.transport.ComputeTopology;
import org.computeworker.worker.transport.ReplyPublisher;
import org.computeworker.worker.transport.RpcConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * One running worker: opens its state, reaches the broker, recovers what a previous run left,
 * then consumes. {@link #stop()} stops consuming, lets running operations finish and closes
 * everything in reverse order.
 */
public final class WorkerApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerApplication.class);

    private final WorkerConfig config;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private BrokerResolver broker;
    private CachingConnectionFactory connections;
    private RpcConsumer consumer;
    private ComputeTopology topology;
    private KeyedSerialExecutor executor;
    private GroupCommitWriter writer;
    private MetricsServer metricsServer;
    private MessageJournal journal;
    private volatile boolean stopped;

    private WorkerApplication(WorkerConfig config) {
        this.config = config;
    }

    /** Starts a worker serving the endpoints {@code assembly} builds, plus nova's baseapi. */
    public static WorkerApplication start(WorkerConfig config, EndpointAssembly assembly) {
        WorkerApplication app = new WorkerApplication(config);
        try {
            app.startUp(assembly);
            return app;
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
    }

    private void startUp(EndpointAssembly assembly) {
        var compute = config.compute();
        LOG.info("compute-worker {} starting: host={} compute_driver={} state_path={} instances_path={}",
                WorkerVersion.get(), compute.host(), compute.computeDriver(), compute.statePath(),
                compute.instancesPath());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("host", compute.host());
        RpcMetrics metrics = new RpcMetrics(registry);

        Database db = remember(Database.open(compute.statePath(), config.worker().journalSyncFull()));
        writer = remember(new GroupCommitWriter(db));
        writer.instrument(registry);
        journal = new MessageJournal(db, writer, config.worker().dedupeWindow());

        broker = remember(BrokerResolver.resolve(config.messaging().transportUrl(), compute.statePath()));
        LOG.info("broker: {}{}", broker.url(), broker.isEmbedded() ? " (embedded, started by this worker)" : "");
        connections = BrokerConnectionFactory.forUrl(broker.url())
                .heartbeat(Duration.ofSeconds(config.messaging().heartbeatTimeoutSeconds()))
                .connectionName("compute-worker:" + compute.host())
                .build();
        closeables.add(connections::destroy);

        WorkerRuntime runtime = new WorkerRuntime(config, db, writer, registry, connections, broker.url());
        closeables.add(runtime);
        List<RpcEndpoint> endpoints = new ArrayList<>(assembly.endpoints(runtime));
        endpoints.add(BaseRpcEndpoint.create("compute"));
        Dispatcher dispatcher = new Dispatcher(endpoints);
        LOG.info("endpoints: {}", endpoints);

        CallReplies replies = remember(new CallReplies(new ReplyPublisher(connections,
                config.messaging().directMandatoryFlag())));
        executor = new KeyedSerialExecutor(compute.executorThreadPoolSize(), "rpc");
        closeables.add(executor);
        int maxWaiting = Math.max(2 * compute.executorThreadPoolSize(), config.messaging().effectivePrefetch());
        InboundPipeline pipeline = new InboundPipeline(journal, executor,
                new RequestRunner(dispatcher, replies, journal, metrics), replies, metrics,
                config.worker().maxMessageBytes(), maxWaiting);

        runtime.recover(journal);
        runtime.start();
        int notStarted = journal.countNotStarted();
        if (notStarted > 0) {
            LOG.info("{} message(s) were received but had not started when the worker last stopped: the broker "
                    + "delivers them again and they run once", notStarted);
        }

        topology = new ComputeTopology(config.messaging(), compute.host());
        consumer = new RpcConsumer(connections, topology, config.messaging().effectivePrefetch(), pipeline::accept);
        consumer.start();
        LOG.info("consuming {} with prefetch {}; {}", topology.consumedQueues(),
                config.messaging().effectivePrefetch(), String.join(", ", config.messaging().describe()));

        schedulePruning();
        if (config.worker().metricsPort() >= 0) {
            metricsServer = remember(new MetricsServer(config.worker().metricsHost(), config.worker().metricsPort(),
                    registry, this::unhealthyReason));
            LOG.info("metrics on http://{}:{}/metrics, health on /healthz", config.worker().metricsHost(),
                    metricsServer.port());
        }
        LOG.info("compute-worker {} on host {} is ready", WorkerVersion.get(), compute.host());
    }

    /** Finished journal entries are kept for [compute_worker] journal_retention_hours, then deleted hourly. */
    private void schedulePruning() {
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "journal-prune");
            t.setDaemon(true);
            return t;
        });
        closeables.add(timer::shutdownNow);
        Duration retention = Duration.ofHours(config.worker().journalRetentionHours());
        timer.scheduleWithFixedDelay(() -> {
            try {
                int n = journal.prune(retention);
                if (n > 0) {
                    LOG.info("pruned {} journal entries older than {}", n, retention);
                }
            } catch (RuntimeException e) {
                LOG.warn("pruning the journal failed: {}", e.getMessage());
            }
        }, 1, 60, java.util.concurrent.TimeUnit.MINUTES);
    }

    private <T extends AutoCloseable> T remember(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private String unhealthyReason() {
        if (stopped) {
            return "stopping";
        }
        if (consumer == null || !consumer.isConsuming()) {
            return "not consuming from the broker";
        }
        return null;
    }

    public String host() {
        return config.compute().host();
    }

    public TransportUrl brokerUrl() {
        return broker.url();
    }

    public String fanoutQueue() {
        return topology.fanoutQueue();
    }

    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public MessageJournal journal() {
        return journal;
    }

    /** Waits until the consumers are attached (after start or a broker restart). */
    public boolean awaitConsuming(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (consumer != null && consumer.isConsuming()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Graceful stop: no new messages, running operations finish, queued ones stay journaled. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("stopping: no longer consuming");
        if (consumer != null) {
            consumer.stop();
        }
        if (executor != null) {
            try {
                int left = executor.shutdown(config.compute().gracefulShutdownTimeoutSeconds() * 1000L);
                if (left > 0) {
                    LOG.info("{} received message(s) did not start; unacknowledged, the broker keeps them for the next "
                            + "start", left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumer != null) {
            consumer.close();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", closeables.get(i), e.getMessage());
            }
        }
        LOG.info("stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
