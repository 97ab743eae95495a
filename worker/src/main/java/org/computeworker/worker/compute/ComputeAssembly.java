package org.computeworker.worker.compute;

import java.time.Duration;
import java.util.List;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.computeworker.rpc.client.ComputeClient;
import org.computeworker.rpc.client.ConductorClient;
import org.computeworker.rpc.client.MessagingOptions;
import org.computeworker.rpc.client.RpcClient;
import org.computeworker.worker.EndpointAssembly;
import org.computeworker.worker.WorkerRuntime;
import org.computeworker.worker.compute.resources.ResourceTracker;
import org.computeworker.worker.dispatch.RpcEndpoint;
import org.computeworker.worker.notify.NotificationService;
import org.computeworker.worker.notify.NotificationSink;
import org.computeworker.worker.notify.Notifier;
import org.computeworker.worker.notify.NotifierSettings;
import org.computeworker.worker.state.ActionStore;
import org.computeworker.worker.state.ClaimStore;
import org.computeworker.worker.state.FaultStore;
import org.computeworker.worker.state.InstanceStore;
import org.computeworker.worker.state.MigrationStore;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.Drivers;

/** Wires a compute worker: state stores, the configured driver, peers, notifications, endpoints. */
public final class ComputeAssembly implements EndpointAssembly {
    private final NotificationSink testSink;
    private volatile ComputeServices services;

    /** Notifications go where nova.conf says (or nowhere when no driver is configured). */
    public ComputeAssembly() {
        this(null);
    }

    /** Notifications are built from nova.conf's settings but handed to {@code sink} (tests). */
    public ComputeAssembly(NotificationSink sink) {
        this.testSink = sink;
    }

    /** The services built for the running worker (tests reach the driver through this). */
    public ComputeServices services() {
        return services;
    }

    private Notifier notifier(WorkerRuntime runtime) {
        if (testSink != null) {
            return new Notifier(NotifierSettings.from(runtime.config()), testSink);
        }
        return runtime.own(NotificationService.start(runtime.config(), runtime.brokerUrl(), runtime.registry()))
                .notifier();
    }

    @Override
    public List<RpcEndpoint> endpoints(WorkerRuntime runtime) {
        var config = runtime.config();
        String host = config.compute().host();
        var db = runtime.db();
        var writer = runtime.writer();
        InstanceStore instances = new InstanceStore(db, writer);
        ComputeDriver driver = runtime.own(Drivers.create(runtime, instances));
        driver.initHost(host);

        MigrationStore migrations = new MigrationStore(db, writer);
        ResourceTracker tracker = new ResourceTracker(new ClaimStore(db), driver, config.compute());

        var outbound = BrokerConnectionFactory.forUrl(runtime.brokerUrl())
                .heartbeat(Duration.ofSeconds(config.messaging().heartbeatTimeoutSeconds()))
                .connectionName("compute-worker:" + host + ":outbound")
                .build();
        runtime.own(outbound::destroy);
        RpcClient rpc = runtime.own(new RpcClient(outbound, MessagingOptions.fromConfig(config.file())));
        String cap = config.file().get("upgrade_levels", "compute").orElse(null);

        services = new ComputeServices(host, config.compute(), driver, instances, migrations, tracker,
                new FaultStore(db, writer), new ActionStore(db, writer), notifier(runtime),
                new ComputeClient(rpc, cap), new ConductorClient(rpc, config.file().get("upgrade_levels", "conductor")
                        .orElse(null)));
        RpcEndpoint compute = ComputeEndpoint.create(services);
        InstanceRecovery recovery = new InstanceRecovery(services, compute.method("start_instance"),
                compute.method("stop_instance"));
        runtime.onRecovery(recovery::recover);
        return List.of(compute, WorkerExtensionEndpoint.create(services));
    }
}
