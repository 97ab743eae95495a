package org.computeworker.worker;

import java.time.Duration;
import java.util.List;
import org.computeworker.rpc.client.BaseApiClient;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.computeworker.rpc.client.ComputeClient;
import org.computeworker.rpc.client.ConductorClient;
import org.computeworker.rpc.client.ConductorObjectApi;
import org.computeworker.rpc.client.RpcClient;
import org.computeworker.rpc.client.SchedulerClient;
import org.computeworker.worker.compute.Admission;
import org.computeworker.worker.compute.Allocations;
import org.computeworker.worker.compute.ComputeEndpoint;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.InstanceRecovery;
import org.computeworker.worker.compute.InstanceStateView;
import org.computeworker.worker.compute.RecordRetry;
import org.computeworker.worker.compute.SchedulerUpdates;
import org.computeworker.worker.compute.WorkerExtensionEndpoint;
import org.computeworker.worker.compute.ops.BuildAndRunInstance;
import org.computeworker.worker.compute.ops.CheckInstanceSharedStorage;
import org.computeworker.worker.compute.ops.ConfirmResize;
import org.computeworker.worker.compute.ops.ExternalInstanceEvent;
import org.computeworker.worker.compute.ops.FinishResize;
import org.computeworker.worker.compute.ops.FinishRevertResize;
import org.computeworker.worker.compute.ops.GetHostUptime;
import org.computeworker.worker.compute.ops.PrepResize;
import org.computeworker.worker.compute.ops.RebootInstance;
import org.computeworker.worker.compute.ops.ResizeInstance;
import org.computeworker.worker.compute.ops.SetHostEnabled;
import org.computeworker.worker.compute.ops.RevertResize;
import org.computeworker.worker.compute.ops.StartInstance;
import org.computeworker.worker.compute.ops.StopInstance;
import org.computeworker.worker.compute.ops.TerminateInstance;
import org.computeworker.worker.compute.resources.ResourceTracker;
import org.computeworker.worker.dispatch.RpcEndpoint;
import org.computeworker.worker.host.ComputeNodeFields;
import org.computeworker.worker.host.ConductorReadiness;
import org.computeworker.worker.host.HostMembership;
import org.computeworker.worker.host.PeriodicTasks;
import org.computeworker.worker.host.PlacementAllocations;
import org.computeworker.worker.host.PlacementProviderReport;
import org.computeworker.worker.placement.Placement;
import org.computeworker.worker.placement.PlacementClient;
import org.computeworker.worker.placement.PlacementOptions;
import org.computeworker.worker.host.ProviderReport;
import org.computeworker.worker.host.ResourceAudit;
import org.computeworker.worker.host.ServiceHeartbeat;
import org.computeworker.worker.host.UsageAudit;
import org.computeworker.worker.notify.NotificationService;
import org.computeworker.worker.notify.NotificationSink;
import org.computeworker.worker.notify.Notifier;
import org.computeworker.worker.notify.NotifierSettings;
import org.computeworker.worker.record.NovaRecord;
import org.computeworker.worker.record.conductor.ConductorCalls;
import org.computeworker.worker.record.conductor.ConductorRecords;
import org.computeworker.worker.record.local.LocalRecords;
import org.computeworker.worker.state.ActionStore;
import org.computeworker.worker.state.ClaimStore;
import org.computeworker.worker.state.FaultStore;
import org.computeworker.worker.state.InstanceStore;
import org.computeworker.worker.state.MigrationStore;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.Drivers;

/**
 * Wires a compute worker: nova's record (through the conductor, or the local file when
 * [compute_worker] standalone), the configured driver, peers, notifications, the operations and
 * the endpoints that serve them.
 */
public final class ComputeAssembly implements EndpointAssembly {
    private final NotificationSink testSink;
    private volatile ComputeServices services;
    private volatile StandaloneStores stores;
    private volatile HostMembership membership;

    /** Standalone, the local files that hold nova's record (tests and tools read them); null otherwise. */
    public record StandaloneStores(InstanceStore instances, MigrationStore migrations, ActionStore actions,
                                   FaultStore faults) {
    }

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

    /** The local record, when [compute_worker] standalone; null with the conductor. */
    public StandaloneStores standaloneStores() {
        return stores;
    }

    private Notifier notifier(WorkerRuntime runtime) {
        if (testSink != null) {
            return new Notifier(NotifierSettings.from(runtime.config()), testSink);
        }
        return runtime.own(NotificationService.start(runtime.config(), runtime.brokerUrl(), runtime.registry()))
                .notifier();
    }

    /** The service, its heartbeat and the resource audit (nova's Service.start and periodic tasks). */
    private static HostMembership membership(WorkerRuntime runtime, ComputeServices s, NovaRecord record,
                                             ProviderReport placement) {
        var config = runtime.config();
        boolean standalone = config.worker().standalone();
        ServiceHeartbeat heartbeat = new ServiceHeartbeat(record.services(), s.host(),
                config.controlPlane().enableNewServices());
        String hvType = config.compute().computeDriver().equals("fake.FakeDriver") ? "fake" : config.libvirt().virtType();
        ResourceAudit audit = new ResourceAudit(s.host(), s.driver(), s.tracker(), record.computeNodes(),
                new UsageAudit(record.instances(), record.migrations(), s.host()), !standalone,
                new ComputeNodeFields(config.compute(), hvType), placement, heartbeat);
        PeriodicTasks periodic = new PeriodicTasks(runtime.registry(),
                Duration.ofSeconds(config.controlPlane().periodicFuzzyDelay()));
        return new HostMembership(s.host(), heartbeat, audit, s.scheduler(), record.instances(),
                config.controlPlane(), periodic);
    }

    /** One short ping of nova-conductor: whether the record can be reached. */
    private static boolean conductorAnswers(RpcClient rpc) {
        try {
            new BaseApiClient(rpc, ConductorObjectApi.TOPIC).ping(org.computeworker.messages.rpc.RequestContext.admin(),
                    org.computeworker.messages.Json.NODES.textNode("compute-worker"), Duration.ofSeconds(5));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** This host's membership of the control plane (service, heartbeat, resource audit). */
    public HostMembership membership() {
        return membership;
    }

    @Override
    public List<RpcEndpoint> endpoints(WorkerRuntime runtime) {
        var config = runtime.config();
        String host = config.compute().host();
        boolean standalone = config.worker().standalone();
        var db = runtime.db();
        var writer = runtime.writer();
        var caps = config.controlPlane();

        var outbound = BrokerConnectionFactory.forUrl(runtime.brokerUrl())
                .heartbeat(Duration.ofSeconds(config.messaging().heartbeatTimeoutSeconds()))
                .connectionName("compute-worker:" + host + ":outbound")
                .build();
        runtime.own(outbound::destroy);
        RpcClient rpc = runtime.own(new RpcClient(outbound, config.messaging().clientOptions()));

        if (!standalone) {
            new ConductorReadiness(new BaseApiClient(rpc, ConductorObjectApi.TOPIC),
                    Duration.ofSeconds(config.messaging().rpcResponseTimeoutSeconds()),
                    "topic conductor on " + runtime.brokerUrl()).await();
        }
        MigrationStore history = new MigrationStore(db, writer);
        InstanceStore held = standalone ? new InstanceStore(db, writer) : null;
        ActionStore actions = standalone ? new ActionStore(db, writer) : null;
        FaultStore faults = standalone ? new FaultStore(db, writer) : null;
        stores = standalone ? new StandaloneStores(held, history, actions, faults) : null;
        NovaRecord record = standalone ? LocalRecords.create(db, held, history, actions, faults)
                : ConductorRecords.create(new ConductorCalls(new ConductorObjectApi(rpc, caps.conductorVersionCap()),
                        "nova-conductor (topic conductor on " + runtime.brokerUrl() + ")"), history);

        ComputeDriver driver = runtime.own(Drivers.create(runtime, record.instances()));
        driver.initHost(host);
        ResourceTracker tracker = new ResourceTracker(new ClaimStore(db), driver, config.compute(), standalone);
        SchedulerUpdates scheduler = !standalone && caps.trackInstanceChanges()
                ? new SchedulerUpdates(new SchedulerClient(rpc, caps.schedulerVersionCap()), host)
                : SchedulerUpdates.off(host);

        Placement placement = standalone ? null : PlacementClient.open(PlacementOptions.read(config.reader()));
        services = new ComputeServices(host, config.compute(), driver, record, history, new Admission(held, history),
                tracker, placement == null ? Allocations.NONE : new PlacementAllocations(placement), notifier(runtime),
                new ComputeClient(rpc, caps.computeVersionCap()),
                new ConductorClient(rpc), scheduler);
        StopInstance stop = new StopInstance(services);
        RpcEndpoint compute = ComputeEndpoint.create(services, List.of(
                new BuildAndRunInstance(services),
                new PrepResize(services),
                new ResizeInstance(services),
                new FinishResize(services),
                new ConfirmResize(services),
                new RevertResize(services),
                new FinishRevertResize(services, stop),
                new StartInstance(services),
                stop,
                new RebootInstance(services),
                new TerminateInstance(services),
                new ExternalInstanceEvent(services),
                new CheckInstanceSharedStorage(services),
                new GetHostUptime(services),
                new SetHostEnabled(services, enabled -> membership.audit().serviceEnabled(enabled))), standalone ? null
                : new RecordRetry(runtime.registry(), () -> conductorAnswers(rpc)));
        InstanceRecovery recovery = new InstanceRecovery(services, compute);
        runtime.onRecovery(recovery::recover);
        membership = runtime.own(membership(runtime, services, record, placement == null ? ProviderReport.NONE
                : new PlacementProviderReport(placement, driver, config.compute(),
                PlacementOptions.read(config.reader()).imageTypeExcludeList())));
        runtime.beforeConsuming(membership::start);
        return List.of(compute, WorkerExtensionEndpoint.create(new InstanceStateView(services, actions, faults)));
    }
}
