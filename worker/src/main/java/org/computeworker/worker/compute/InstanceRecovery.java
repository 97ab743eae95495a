package org.computeworker.worker.compute;

import java.util.List;
import java.util.Objects;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.dispatch.RpcCall;
import org.computeworker.worker.dispatch.RpcMethod;
import org.computeworker.worker.state.JournalEntry;
import org.computeworker.worker.state.MigrationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's {@code _init_instance} at start, for every instance this host owns: a build that died is
 * ERROR, a half-prepared resize is cleared, a resize that died while migrating goes back (guest
 * restored, migration error), an interrupted start or stop is redone. Each decision is logged.
 */
public final class InstanceRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRecovery.class);

    private final ComputeServices s;
    private final RpcMethod start;
    private final RpcMethod stop;

    public InstanceRecovery(ComputeServices services, RpcMethod startInstance, RpcMethod stopInstance) {
        this.s = services;
        this.start = startInstance;
        this.stop = stopInstance;
    }

    public void recover(List<JournalEntry> interrupted) {
        List<Instance> instances = s.instances().all();
        LOG.info("reconciling {} instance(s) recorded on this host ({} message(s) were interrupted)",
                instances.size(), interrupted.size());
        for (Instance instance : instances) {
            try {
                recover(instance);
            } catch (RuntimeException e) {
                LOG.error("reconciling instance {} failed: {}", instance.uuid(), e.getMessage(), e);
            }
        }
    }

    private void recover(Instance i) {
        String uuid = i.uuid();
        if (!s.host().equals(i.host())) {
            LOG.info("instance {}: owned by host {}, not this one: nothing to do", uuid, i.host());
            return;
        }
        String task = i.taskState();
        String vm = i.vmState();
        if (States.ERROR.equals(vm) && !States.RESIZE_MIGRATING.equals(task)) {
            LOG.info("instance {}: in ERROR, left as it is", uuid);
            return;
        }
        if (States.BUILDING.equals(vm) || task != null && List.of(States.SCHEDULING, States.BLOCK_DEVICE_MAPPING,
                States.NETWORKING, States.SPAWNING).contains(task)) {
            i.setVmState(States.ERROR);
            i.setTaskState(null);
            s.instances().save(i);
            LOG.warn("instance {}: the build was interrupted (vm_state {}, task_state {}): set to ERROR", uuid, vm, task);
            return;
        }
        if (States.RESIZE_PREP.equals(task)) {
            i.setTaskState(null);
            s.instances().save(i);
            LOG.warn("instance {}: task_state resize_prep cleared (the resize had not started here)", uuid);
            return;
        }
        if (States.RESIZE_MIGRATING.equals(task)) {
            revertCrashedMigration(i);
            return;
        }
        if (States.POWERING_OFF.equals(task)) {
            LOG.warn("instance {}: a stop was interrupted: stopping it again", uuid);
            redo(stop, i, "stop_instance");
            return;
        }
        if (States.POWERING_ON.equals(task)) {
            LOG.warn("instance {}: a start was interrupted: starting it again", uuid);
            redo(start, i, "start_instance");
            return;
        }
        LOG.info("instance {}: vm_state {}, task_state {}: nothing to reconcile", uuid, vm, task);
    }

    private void revertCrashedMigration(Instance i) {
        boolean powerOn = !States.STOPPED.equals(i.systemMetadata().get(States.OLD_VM_STATE));
        Migration migration = s.migrations().forInstance(i.uuid()).stream()
                .filter(m -> Objects.equals(m.status(), States.MIGRATING) || Objects.equals(m.status(), States.PRE_MIGRATING))
                .reduce((a, b) -> b).orElse(null);
        try {
            s.driver().finishRevertMigration(RequestContext.admin(), i, OperationNetwork.of(i), migration, powerOn);
        } catch (RuntimeException e) {
            LOG.error("instance {}: failed to revert crashed migration: {}", i.uuid(), e.getMessage());
        } finally {
            i.setTaskState(null);
            s.instances().save(i);
            if (migration != null) {
                migration.setStatus(States.MIGRATION_ERROR);
                s.migrations().save(migration);
            }
            LOG.warn("instance {}: found in resize_migrating after a crash: guest restored{}, task_state reset, "
                    + "migration {} set to error", i.uuid(), powerOn ? " and running" : "",
                    migration == null ? "(none found)" : MigrationStore.key(migration));
        }
    }

    private void redo(RpcMethod method, Instance i, String name) {
        var args = org.computeworker.messages.Json.object();
        args.set("instance", i.copyPrimitive());
        args.put("clean_shutdown", true);
        var request = org.computeworker.messages.rpc.RpcRequest.cast(name, args, null, ComputeEndpoint.VERSION,
                RequestContext.admin());
        try {
            method.invoke(new RpcCall(request, "recovery", true));
        } catch (Exception e) {
            LOG.error("instance {}: redoing {} failed: {}", i.uuid(), name, e.getMessage());
        }
    }
}
