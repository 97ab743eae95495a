package org.computeworker.worker.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.compute.resources.ClaimPurpose;
import org.computeworker.worker.record.InstanceRecord;
import org.computeworker.worker.record.MigrationRecord;
import org.computeworker.worker.state.ClaimStore.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What nova's update_available_resource counts on a node, read from the record: every instance
 * placed here (but deleted or offloaded ones) at its flavor, an incoming resize not yet finished here
 * at its new flavor, an outgoing one at its old flavor (held for a revert). Only the newest
 * migration of a resizing instance counts, as in nova.
 */
public final class UsageAudit {
    private static final Logger LOG = LoggerFactory.getLogger(UsageAudit.class);
    private static final List<String> RESIZE_TASKS = List.of(States.RESIZE_PREP, States.RESIZE_MIGRATING,
            States.RESIZE_MIGRATED, States.RESIZE_FINISH);

    /** What the record says this node holds. */
    public record Result(List<Claim> claims, List<Instance> instances) {
    }

    private final InstanceRecord instances;
    private final MigrationRecord migrations;
    private final String host;

    public UsageAudit(InstanceRecord instances, MigrationRecord migrations, String host) {
        this.instances = instances;
        this.migrations = migrations;
        this.host = host;
    }

    public Result audit(RequestContext ctx, String node) {
        List<Claim> claims = new ArrayList<>();
        Map<String, Instance> here = new HashMap<>();
        for (Instance i : instances.onHost(ctx, host)) {
            if (!Objects.equals(node, i.node()) && i.node() != null) {
                continue;
            }
            here.put(i.uuid(), i);
            if (!List.of(States.DELETED, "shelved_offloaded").contains(i.vmState()) && i.flavor() != null) {
                claims.add(claim(i.uuid(), ClaimPurpose.INSTANCE, null, node, i.flavor()));
            }
        }
        for (Moving move : newestPerInstance(ctx, node, here).values()) {
            Migration m = move.migration();
            Instance i = move.instance();
            boolean incoming = host.equals(m.destCompute()) && Objects.equals(node, m.destNode());
            boolean outbound = host.equals(m.sourceCompute()) && Objects.equals(node, m.sourceNode());
            boolean tracked = here.containsKey(i.uuid());
            if (incoming && !outbound && !tracked && i.newFlavor() != null) {
                claims.add(claim(i.uuid(), ClaimPurpose.RESIZE_DEST, m.uuid(), node, i.newFlavor()));
            } else if (outbound && !incoming && !tracked && i.oldFlavor() != null) {
                claims.add(claim(i.uuid(), ClaimPurpose.RESIZE_SOURCE, m.uuid(), node, i.oldFlavor()));
            }
        }
        return new Result(claims, List.copyOf(here.values()));
    }

    private record Moving(Migration migration, Instance instance) {
    }

    /** The newest migration of each instance that is still resizing, with the instance. */
    private Map<String, Moving> newestPerInstance(RequestContext ctx, String node, Map<String, Instance> here) {
        Map<String, Moving> newest = new HashMap<>();
        Map<String, Instance> elsewhere = new HashMap<>();
        for (Migration m : migrations.inProgressAndError(ctx, host, node)) {
            Instance i = here.get(m.instanceUuid());
            if (i == null) {
                i = elsewhere.computeIfAbsent(m.instanceUuid(), uuid -> instances.get(ctx, uuid).orElse(null));
                if (i == null) {
                    LOG.debug("Migration {}: its instance {} is gone", m.uuid(), m.instanceUuid());
                    continue;
                }
            }
            if (!inResizeState(i)) {
                continue;
            }
            Moving other = newest.get(m.instanceUuid());
            if (other == null || time(m).compareTo(time(other.migration())) > 0) {
                newest.put(m.instanceUuid(), new Moving(m, i));
            }
        }
        return newest;
    }

    private static String time(Migration m) {
        String t = m.string("updated_at");
        return t != null ? t : Objects.requireNonNullElse(m.string("created_at"), "");
    }

    static boolean inResizeState(Instance i) {
        return States.RESIZED.equals(i.vmState())
                || List.of(States.ACTIVE, States.STOPPED).contains(i.vmState()) && RESIZE_TASKS.contains(i.taskState());
    }

    private static Claim claim(String uuid, ClaimPurpose purpose, String migration, String node, Flavor f) {
        return new Claim(uuid, purpose.dbValue(), migration, node, f.vcpus(), f.memoryMb(), f.rootGb() + f.ephemeralGb());
    }
}
