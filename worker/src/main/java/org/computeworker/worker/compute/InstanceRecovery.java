package org.computeworker.worker.compute;

import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.worker.dispatch.RpcCall;
import org.computeworker.worker.dispatch.RpcEndpoint;
import org.computeworker.worker.state.JournalEntry;
import org.computeworker.worker.state.MigrationStore;
import org.computeworker.worker.virt.PowerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's {@code init_host} / {@code _init_instance} at start, for every instance the record places
 * on this host (InstanceList.get_by_host through the conductor, or the local file): a build that
 * died is ERROR, a half-prepared resize is cleared, a resize that died while migrating goes back
 * (guest restored; the migration is set to error, where nova leaves it migrating), an interrupted
 * start, stop, reboot or delete is redone. Each decision is logged; the schedulers are told what
 * this host holds, as nova's init_host ends.
 */
public final class InstanceRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRecovery.class);
    private static final List<String> BUILD_TASKS = List.of(States.SCHEDULING, States.BLOCK_DEVICE_MAPPING,
            States.NETWORKING, States.SPAWNING);

    private final ComputeServices s;
    private final RpcEndpoint compute;

    public InstanceRecovery(ComputeServices services, RpcEndpoint compute) {
        this.s = services;
        this.compute = compute;
    }

    public void recover(List<JournalEntry> interrupted) {
        RequestContext ctx = RequestContext.admin();
        List<Instance> instances = s.instances().onHost(ctx, s.host());
        LOG.info("reconciling {} instance(s) the record places on this host ({} message(s) were interrupted)",
                instances.size(), interrupted.size());
        for (Instance instance : instances) {
            try {
                recover(ctx, instance);
            } catch (RuntimeException e) {
                LOG.error("reconciling instance {} failed: {}", instance.uuid(), e.getMessage(), e);
            }
        }
        s.scheduler().updated(ctx, instances);
    }

    private void recover(RequestContext ctx, Instance i) {
        String uuid = i.uuid();
        if (!s.host().equals(i.host())) {
            LOG.info("instance {}: owned by host {}, not this one: nothing to do", uuid, i.host());
            return;
        }
        String task = i.taskState();
        String vm = i.vmState();
        if (States.ERROR.equals(vm) && !List.of(States.RESIZE_MIGRATING, States.DELETING).contains(task)) {
            LOG.info("instance {}: in ERROR, left as it is", uuid);
            return;
        }
        if (States.BUILDING.equals(vm) || BUILD_TASKS.contains(task)) {
            i.setVmState(States.ERROR);
            i.setTaskState(null);
            s.instances().save(ctx, i);
            LOG.warn("instance {}: the build was interrupted (vm_state {}, task_state {}): set to ERROR", uuid, vm, task);
            return;
        }
        if (States.RESIZE_PREP.equals(task)) {
            i.setTaskState(null);
            s.instances().save(ctx, i);
            LOG.warn("instance {}: task_state resize_prep cleared (the resize had not started here)", uuid);
            return;
        }
        if (States.DELETING.equals(task)) {
            LOG.warn("instance {}: a delete was interrupted: deleting it again", uuid);
            redo("terminate_instance", i, args -> args.set("bdms", s.record().blockDevices().forInstance(ctx, uuid)
                    .toPrimitive()));
            return;
        }
        if (recoverReboot(ctx, i)) {
            return;
        }
        if (States.POWERING_OFF.equals(task)) {
            LOG.warn("instance {}: a stop was interrupted: stopping it again", uuid);
            redo("stop_instance", i, args -> args.put("clean_shutdown", true));
            return;
        }
        if (States.POWERING_ON.equals(task)) {
            LOG.warn("instance {}: a start was interrupted: starting it again", uuid);
            redo("start_instance", i, args -> { });
            return;
        }
        if (States.RESIZE_MIGRATING.equals(task)) {
            revertCrashedMigration(ctx, i);
            return;
        }
        LOG.info("instance {}: vm_state {}, task_state {}: nothing to reconcile", uuid, vm, task);
    }

    /** nova's _retry_reboot: a reboot that had not started (or left the guest down) is redone; a finished one cleared. */
    private boolean recoverReboot(RequestContext ctx, Instance i) {
        String task = i.taskState();
        if (task == null || !States.REBOOT_STATES.contains(task)) {
            return false;
        }
        int power = powerState(i);
        boolean running = power == PowerState.RUNNING.code();
        boolean retry = States.REBOOT_PENDING.equals(task) || States.REBOOT_PENDING_HARD.equals(task)
                || List.of(States.REBOOTING, States.REBOOTING_HARD).contains(task) && !running;
        if (retry) {
            String type = !running || States.HARD_REBOOT_STATES.contains(task) ? "HARD" : "SOFT";
            LOG.warn("instance {}: a reboot was interrupted (task_state {}): rebooting it again ({})", i.uuid(),
                    task, type);
            if (type.equals("HARD") && States.SOFT_REBOOT_STATES.contains(task)) {
                i.setTaskState(States.REBOOT_PENDING_HARD);
                s.instances().save(ctx, i);
            }
            redo("reboot_instance", i, args -> {
                args.putNull("block_device_info");
                args.put("reboot_type", type);
            });
            return true;
        }
        if (running && List.of(States.REBOOT_STARTED, States.REBOOT_STARTED_HARD).contains(task)) {
            i.setTaskState(null);
            i.setVmState(States.ACTIVE);
            s.instances().save(ctx, i);
            LOG.warn("instance {}: found running in {}: task_state cleared", i.uuid(), task);
            return true;
        }
        return false;
    }

    private void revertCrashedMigration(RequestContext ctx, Instance i) {
        boolean powerOn = !States.STOPPED.equals(i.systemMetadata().get(States.OLD_VM_STATE));
        Migration migration = null;
        try {
            migration = s.migrations().interruptedMove(ctx, i).orElse(null);
            s.driver().finishRevertMigration(ctx, i, networkInfo(i), migration, powerOn);
        } catch (RuntimeException e) {
            LOG.error("instance {}: failed to revert crashed migration: {}", i.uuid(), e.getMessage());
        } finally {
            i.setTaskState(null);
            s.instances().save(ctx, i);
            if (migration != null) {
                migration.setStatus(States.MIGRATION_ERROR);
                s.migrations().save(ctx, migration);
            }
            LOG.warn("instance {}: found in resize_migrating after a crash: guest restored{}, task_state reset, "
                    + "migration {} set to error", i.uuid(), powerOn ? " and running" : "",
                    migration == null ? "(none found)" : MigrationStore.key(migration));
        }
    }

    private int powerState(Instance i) {
        try {
            return s.driver().info(i).state().code();
        } catch (RuntimeException e) {
            return PowerState.NOSTATE.code();
        }
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode networkInfo(Instance i) {
        return i.infoCache() == null ? Json.array() : i.infoCache().networkInfo();
    }

    private void redo(String method, Instance i, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> more) {
        var args = Json.object();
        args.set("instance", i.copyPrimitive());
        more.accept(args);
        var request = RpcRequest.cast(method, args, null, ComputeEndpoint.VERSION, RequestContext.admin());
        try {
            compute.method(method).invoke(new RpcCall(request));
        } catch (Exception e) {
            LOG.error("instance {}: redoing {} failed: {}", i.uuid(), method, e.getMessage());
        }
    }
}
