package org.computeworker.worker.compute;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.state.ActionStore;
import org.computeworker.worker.state.FaultStore;
import org.computeworker.worker.state.MigrationStore;

/**
 * An instance as this worker sees it, for {@code get_instance_state} and compute-rpc: the record's
 * instance, this host's migration history and claims, and (standalone, where the worker keeps
 * them) its faults and action events.
 */
public final class InstanceStateView {
    private final ComputeServices s;
    private final ActionStore actions;
    private final FaultStore faults;

    /** @param actions the local action store, null when the record is the conductor's; likewise faults */
    public InstanceStateView(ComputeServices services, ActionStore actions, FaultStore faults) {
        this.s = services;
        this.actions = actions;
        this.faults = faults;
    }

    ObjectNode of(String uuid) {
        ObjectNode out = Json.object();
        out.put("host", s.host());
        Instance i = s.instances().get(RequestContext.admin(), uuid).orElse(null);
        if (i == null) {
            out.putNull("instance");
            return out;
        }
        ObjectNode inst = out.putObject("instance");
        inst.put("uuid", i.uuid());
        inst.put("vm_state", i.vmState());
        inst.put("task_state", i.taskState());
        inst.set("power_state", Json.MAPPER.valueToTree(i.powerState()));
        inst.put("host", i.host());
        inst.put("node", i.node());
        inst.put("flavor", name(i.flavor()));
        inst.put("old_flavor", name(i.oldFlavor()));
        inst.put("new_flavor", name(i.newFlavor()));
        inst.put("memory_mb", i.memoryMb());
        inst.put("vcpus", i.vcpus());
        inst.put("root_gb", i.rootGb());
        inst.put("old_vm_state", i.systemMetadata().get(States.OLD_VM_STATE));
        inst.put("launched_at", i.string("launched_at"));
        inst.put("updated_at", i.string("updated_at"));
        ArrayNode migrations = out.putArray("migrations");
        s.history().forInstance(uuid).forEach(m -> {
            ObjectNode o = migrations.addObject();
            o.put("uuid", MigrationStore.key(m));
            o.put("status", m.status());
            o.put("source_compute", m.sourceCompute());
            o.put("dest_compute", m.destCompute());
            o.put("steps_here", String.join(",", s.history().steps(MigrationStore.key(m))));
        });
        ArrayNode claims = out.putArray("claims");
        s.tracker().claimsFor(uuid).forEach(c -> claims.addObject().put("purpose", c.purpose())
                .put("migration", c.migrationUuid()).put("vcpus", c.vcpus()).put("memory_mb", c.memoryMb())
                .put("disk_gb", c.diskGb()));
        ArrayNode faultList = out.putArray("faults");
        if (faults != null) {
            faults.forInstance(uuid).forEach(f -> faultList.addObject().put("code", f.code())
                    .put("message", f.message()).put("host", f.host()).put("created_at", f.createdAtMillis()));
        }
        ArrayNode events = out.putArray("events");
        if (actions != null) {
            actions.eventsFor(uuid).forEach(e -> events.addObject().put("action", e.action()).put("event", e.event())
                    .put("request_id", e.requestId()).put("result", e.result()).put("host", e.host()));
        }
        return out;
    }

    private static String name(Flavor f) {
        return f == null ? null : f.name();
    }
}
