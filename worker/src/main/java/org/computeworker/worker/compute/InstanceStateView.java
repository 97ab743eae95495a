package org.computeworker.worker.compute;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.state.MigrationStore;

/** An instance as this worker holds it, for {@code get_instance_state} and compute-rpc. */
final class InstanceStateView {
    private InstanceStateView() {
    }

    static ObjectNode of(ComputeServices s, String uuid) {
        ObjectNode out = Json.object();
        out.put("host", s.host());
        Instance i = s.instances().find(uuid).orElse(null);
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
        s.migrations().forInstance(uuid).forEach(m -> {
            ObjectNode o = migrations.addObject();
            o.put("uuid", MigrationStore.key(m));
            o.put("status", m.status());
            o.put("source_compute", m.sourceCompute());
            o.put("dest_compute", m.destCompute());
            o.put("steps_here", String.join(",", s.migrations().steps(MigrationStore.key(m))));
        });
        ArrayNode claims = out.putArray("claims");
        s.tracker().claimsFor(uuid).forEach(c -> claims.addObject().put("purpose", c.purpose())
                .put("migration", c.migrationUuid()).put("vcpus", c.vcpus()).put("memory_mb", c.memoryMb())
                .put("disk_gb", c.diskGb()));
        ArrayNode faults = out.putArray("faults");
        s.faults().forInstance(uuid).forEach(f -> faults.addObject().put("code", f.code()).put("message", f.message())
                .put("host", f.host()).put("created_at", f.createdAtMillis()));
        ArrayNode events = out.putArray("events");
        s.actions().eventsFor(uuid).forEach(e -> events.addObject().put("action", e.action()).put("event", e.event())
                .put("request_id", e.requestId()).put("result", e.result()).put("host", e.host()));
        return out;
    }

    private static String name(Flavor f) {
        return f == null ? null : f.name();
    }
}
