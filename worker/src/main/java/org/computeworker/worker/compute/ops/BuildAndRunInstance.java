package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.REVERTS_TASK_STATE;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.messages.objects.Selection;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.RecordRetry;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.virt.SpawnRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's build_and_run_instance: claim, spawn, active. A failure announces create.error and drops
 * the claim; a failure another host might not have (resources, an unexpected error) is rescheduled
 * through the conductor's build_instances when the scheduler left alternates, anything else (or no
 * alternates) leaves the instance in ERROR with a fault, as nova's _do_build_and_run_instance.
 */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, WRAP_INSTANCE_FAULT})
public final class BuildAndRunInstance extends OperationSupport {
    private static final Logger LOG = LoggerFactory.getLogger(BuildAndRunInstance.class);
    /** Errors that mean the request itself is bad: rebuilding elsewhere would fail the same way. */
    private static final Set<NovaError> ABORTS = EnumSet.of(NovaError.FLAVOR_DISK_TOO_SMALL,
            NovaError.FLAVOR_DISK_SMALLER_THAN_IMAGE, NovaError.FLAVOR_MEMORY_TOO_SMALL, NovaError.IMAGE_NOT_ACTIVE,
            NovaError.IMAGE_UNACCEPTABLE, NovaError.INVALID_DISK_INFO, NovaError.INVALID_DISK_FORMAT,
            NovaError.IMAGE_NOT_FOUND, NovaError.BUILD_ABORT);

    public BuildAndRunInstance(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "build_and_run_instance";
    }

    @Override
    public void admit(Invocation inv) {
        s.admission().instanceStep(inv, States.SCHEDULING, null);
    }

    @Override
    public JsonNode run(Invocation inv) {
        Instance instance = inv.instance();
        instance.setVmState(States.BUILDING);
        instance.setTaskState(null);
        s.instances().save(inv.context(), instance, Arrays.asList(States.SCHEDULING, null));
        String node = inv.args().string("node") != null ? inv.args().string("node") : s.nodename();
        try {
            build(inv, instance, node);
            LOG.info("instance built and running on {}", node);
        } catch (NovaException e) {
            boolean reschedulable = e.is(NovaError.RESCHEDULED);
            List<Selection> alternates = alternates(inv);
            if (reschedulable && !alternates.isEmpty()) {
                reschedule(inv, instance, e, alternates);
            } else {
                fail(inv, instance, e);
            }
        }
        return null;
    }

    private void build(Invocation inv, Instance instance, String node) {
        var image = inv.args().image();
        var bdms = inv.args().blockDeviceMapping();
        s.notifier().createStart(inv.context(), instance, image == null ? null : image.name(), bdms);
        instance.putSystemMetadata("boot_roles", String.join(",", inv.context().roles()));
        try {
            s.tracker().instanceClaim(instance.uuid(), instance.flavor(), node, inv.args().dict("limits"));
            try {
                // nova's _set_instance_host_and_node, with the claim: from now on the record places it here
                instance.setHost(s.host());
                instance.setLaunchedOn(s.host());
                instance.setNode(node);
                s.instances().save(inv.context(), instance);
                instance.setVmState(States.BUILDING);
                instance.setTaskState(States.SPAWNING);
                s.instances().save(inv.context(), instance, Arrays.asList(null, States.BLOCK_DEVICE_MAPPING));
                s.driver().spawn(new SpawnRequest(inv.context(), instance, image, networkInfo(instance), bdms,
                        inv.args().string("admin_password"), true));
            } catch (RuntimeException e) {
                RecordRetry.rethrowIfUnavailable(e);
                s.tracker().abortInstanceClaim(instance.uuid());
                throw e;
            }
        } catch (RuntimeException e) {
            RecordRetry.rethrowIfUnavailable(e);
            s.notifier().createError(inv.context(), instance, e, bdms);
            throw classify(instance, e);
        }
        instance.setPowerState(powerState(instance));
        instance.setVmState(States.ACTIVE);
        instance.setTaskState(null);
        instance.setLaunchedAt(NovaTime.nowSeconds());
        s.instances().save(inv.context(), instance, List.of(States.SPAWNING));
        s.scheduler().updated(inv.context(), instance);
        s.notifier().createEnd(inv.context(), instance, bdms);
    }

    /** nova's _build_and_run_instance: request errors abort, anything else may succeed elsewhere. */
    private static NovaException classify(Instance instance, RuntimeException e) {
        String reason = e instanceof NovaException ? e.getMessage() : String.valueOf(e);
        if (NovaError.of(e).filter(ABORTS::contains).isPresent()) {
            return NovaErrors.buildAbort(instance.uuid(), reason);
        }
        return NovaErrors.rescheduled(instance.uuid(), reason);
    }

    private void reschedule(Invocation inv, Instance instance, NovaException e, List<Selection> alternates) {
        LOG.info("build failed here ({}): rescheduling to one of {}", e.getMessage(),
                alternates.stream().map(Selection::serviceHost).toList());
        ObjectNode filterProperties = inv.args().dict("filter_properties").deepCopy();
        if (filterProperties.get("retry") instanceof ObjectNode retry) {
            retry.putArray("exc").add(e.getMessage());
            retry.put("exc_reason", e.kwargs().getOrDefault("reason", e.getMessage()).toString());
        }
        instance.setHost(null);
        instance.setNode(null);
        instance.setTaskState(States.SCHEDULING);
        s.instances().save(inv.context(), instance);
        s.allocations().release(instance.uuid(), true); // so an alternate host can claim them
        s.conductor().buildInstances(inv.context(), List.of(instance), inv.args().get("image"), filterProperties,
                inv.args().string("admin_password"), inv.args().get("injected_files"),
                inv.args().get("requested_networks"), inv.args().get("security_groups"), inv.args().requestSpec(),
                List.of(alternates));
    }

    private void fail(Invocation inv, Instance instance, NovaException e) {
        LOG.error("build failed, not rescheduling: {}", e.getMessage());
        faults.record(inv.context(), instance.uuid(), e);
        instance.setHost(null);
        instance.setNode(null);
        instance.setVmState(States.ERROR);
        instance.setTaskState(null);
        s.instances().save(inv.context(), instance);
        s.allocations().release(instance.uuid(), true);
    }
}
