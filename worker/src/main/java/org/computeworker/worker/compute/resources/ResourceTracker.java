package org.computeworker.worker.compute.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.worker.config.ComputeOptions;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.state.ClaimStore;
import org.computeworker.worker.state.ClaimStore.Claim;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.HostResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's resource tracker for one host: what each instance and move holds here, kept in the state
 * store so a restart remembers it. With a control plane, capacity is placement's decision, as in
 * nova Zed: claims record usage and never refuse. Standalone, where nothing else would stop an
 * overcommit, claims are tested against the scheduler's limits when it sent them, else against
 * capacity x allocation ratio minus reserved. One lock, like nova's COMPUTE_RESOURCE_SEMAPHORE.
 */
public final class ResourceTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceTracker.class);

    private final ClaimStore claims;
    private final ComputeDriver driver;
    private final ComputeOptions options;
    private final boolean enforceCapacity;
    /** Claims by key, mirrored from the store so a claim test does not re-read every claim. */
    private final java.util.Map<String, Claim> held = new java.util.HashMap<>();
    private Usage used = Usage.ZERO;

    /** A standalone tracker: claims are tested against capacity. */
    public ResourceTracker(ClaimStore claims, ComputeDriver driver, ComputeOptions options) {
        this(claims, driver, options, true);
    }

    /** @param enforceCapacity false with a control plane: placement decides capacity, claims only record */
    public ResourceTracker(ClaimStore claims, ComputeDriver driver, ComputeOptions options, boolean enforceCapacity) {
        this.claims = claims;
        this.driver = driver;
        this.options = options;
        this.enforceCapacity = enforceCapacity;
        for (Claim c : claims.all()) {
            remember(c);
        }
    }

    private static String key(String uuid, String purpose, String migration) {
        return uuid + '|' + purpose + '|' + (migration == null ? "" : migration);
    }

    private static String key(Claim c) {
        return key(c.instanceUuid(), c.purpose(), c.migrationUuid());
    }

    private static Usage usage(Claim c) {
        return new Usage(c.vcpus(), c.memoryMb(), c.diskGb());
    }

    /** When each claim was made here (System.nanoTime), so an audit does not undo claims newer than its read. */
    private final java.util.Map<String, Long> claimedAt = new java.util.HashMap<>();

    private void remember(Claim c) {
        claimedAt.put(key(c), System.nanoTime());
        Claim previous = held.put(key(c), c);
        if (previous != null) {
            used = used.minus(usage(previous));
        }
        used = used.plus(usage(c));
    }

    private void forget(String key) {
        claimedAt.remove(key);
        Claim previous = held.remove(key);
        if (previous != null) {
            used = used.minus(usage(previous));
        }
    }

    /** Claims the flavor's size for a new instance (build). */
    public void instanceClaim(String instanceUuid, Flavor flavor, String node, JsonNode limits) {
        claim(new Claim(instanceUuid, ClaimPurpose.INSTANCE.dbValue(), null, node, flavor.vcpus(), flavor.memoryMb(),
                diskGb(flavor)), limits);
    }

    /**
     * Claims the new flavor for an incoming resize (prep_resize on the destination). An instance has one move in
     * progress at a time, so what this host still holds for an earlier move of it here is released: that move died
     * elsewhere (resize_instance failed on its source) without a message to this host, where nova's periodic
     * update_available_resource would have dropped it.
     */
    public synchronized void resizeClaim(String instanceUuid, Flavor newFlavor, String node, String migrationUuid,
                                         JsonNode limits) {
        for (Claim stale : List.copyOf(held.values())) {
            if (stale.instanceUuid().equals(instanceUuid) && ClaimPurpose.RESIZE_DEST.dbValue().equals(stale.purpose())
                    && !java.util.Objects.equals(stale.migrationUuid(), migrationUuid)) {
                LOG.warn("releasing the destination claim of {} for migration {}: a new move ({}) supersedes it",
                        instanceUuid, stale.migrationUuid(), migrationUuid);
                drop(instanceUuid, ClaimPurpose.RESIZE_DEST, stale.migrationUuid());
            }
        }
        claim(new Claim(instanceUuid, ClaimPurpose.RESIZE_DEST.dbValue(), migrationUuid, node, newFlavor.vcpus(),
                newFlavor.memoryMb(), diskGb(newFlavor)), limits);
    }

    /** The source keeps the old flavor for a revert, tracked by the migration (resize_instance). */
    public void holdForRevert(String instanceUuid, String migrationUuid) {
        move(instanceUuid, ClaimPurpose.INSTANCE, null, ClaimPurpose.RESIZE_SOURCE, migrationUuid);
    }

    /** The destination now runs the instance at the new size (finish_resize). */
    public void resizeFinished(String instanceUuid, String migrationUuid) {
        move(instanceUuid, ClaimPurpose.RESIZE_DEST, migrationUuid, ClaimPurpose.INSTANCE, null);
    }

    /** Confirmed: the source frees the old flavor (drop_move_claim_at_source). */
    public void dropSourceClaim(String instanceUuid, String migrationUuid) {
        drop(instanceUuid, ClaimPurpose.RESIZE_SOURCE, migrationUuid);
    }

    /** Reverted or failed on the destination: it frees whatever it held for this resize (drop_move_claim_at_dest). */
    public void dropDestClaim(String instanceUuid, String migrationUuid, boolean finishedHere) {
        drop(instanceUuid, ClaimPurpose.RESIZE_DEST, migrationUuid);
        if (finishedHere) {
            drop(instanceUuid, ClaimPurpose.INSTANCE, null);
        }
    }

    /** Reverted: the source runs the instance at its old size again (finish_revert_resize). */
    public void revertedToSource(String instanceUuid, String migrationUuid) {
        move(instanceUuid, ClaimPurpose.RESIZE_SOURCE, migrationUuid, ClaimPurpose.INSTANCE, null);
    }

    /** A build failed here: forget its claim (abort_instance_claim). */
    public void abortInstanceClaim(String instanceUuid) {
        drop(instanceUuid, ClaimPurpose.INSTANCE, null);
    }

    public List<Claim> claimsFor(String instanceUuid) {
        return claims.forInstance(instanceUuid);
    }

    /** The limit a claim is tested against, per resource, for a node. */
    public Usage limits(String node) {
        HostResources r = driver.availableResource(node);
        return new Usage(
                Math.max(0, r.vcpus() - options.reservedHostCpus()) * options.cpuRatio(),
                Math.max(0, r.memoryMb() - options.reservedHostMemoryMb()) * options.ramRatio(),
                Math.max(0, r.localGb() - options.reservedHostDiskMb() / 1024.0) * options.diskRatio());
    }

    public synchronized Usage used() {
        return used;
    }

    private synchronized void claim(Claim wanted, JsonNode schedulerLimits) {
        if (enforceCapacity) {
            test(wanted, schedulerLimits);
        }
        claims.db().transaction(c -> {
            ClaimStore.put(c, wanted);
            return null;
        });
        remember(wanted);
        LOG.info("claimed {} vCPU, {} MB, {} GB for {} ({})", wanted.vcpus(), wanted.memoryMb(), wanted.diskGb(),
                wanted.instanceUuid(), wanted.purpose());
    }

    private void test(Claim wanted, JsonNode schedulerLimits) {
        Usage computed = limits(wanted.node());
        Claim same = held.get(key(wanted));
        Usage others = same == null ? used : used.minus(usage(same)); // repeating a claim replaces it
        List<String> reasons = new ArrayList<>();
        test("memory", "MB", others.memoryMb(), wanted.memoryMb(), limit(schedulerLimits, "memory_mb", computed.memoryMb()), reasons);
        test("disk", "GB", others.diskGb(), wanted.diskGb(), limit(schedulerLimits, "disk_gb", computed.diskGb()), reasons);
        test("vcpu", "VCPU", others.vcpus(), wanted.vcpus(), limit(schedulerLimits, "vcpu", computed.vcpus()), reasons);
        if (!reasons.isEmpty()) {
            throw NovaErrors.computeResourcesUnavailable(String.join("; ", reasons));
        }
    }

    /** The instance is gone from this host (deleted): whatever it held here is released. */
    public synchronized void releaseInstance(String instanceUuid) {
        for (Claim c : List.copyOf(held.values())) {
            if (c.instanceUuid().equals(instanceUuid)) {
                drop(instanceUuid, ClaimPurpose.fromDbValue(c.purpose()), c.migrationUuid());
            }
        }
    }

    /**
     * nova's update_available_resource: the ledger becomes what the record says this host holds
     * ({@code audited}), dropping claims of instances and moves that ended elsewhere or while the
     * worker was down. Claims made after {@code auditStartedNanos} (System.nanoTime) are newer than
     * what the record was read as, and stay. Returns how many claims changed.
     */
    public synchronized int replaceAll(List<Claim> audited, long auditStartedNanos) {
        java.util.Map<String, Claim> wanted = new java.util.HashMap<>();
        audited.forEach(c -> wanted.put(key(c), c));
        int changed = 0;
        for (Claim c : List.copyOf(held.values())) {
            Long since = claimedAt.get(key(c));
            if (since != null && since - auditStartedNanos > 0) {
                continue; // claimed while the record was being read: the next audit sees it
            }
            if (!c.equals(wanted.get(key(c)))) {
                drop(c.instanceUuid(), ClaimPurpose.fromDbValue(c.purpose()), c.migrationUuid());
                changed++;
            }
        }
        for (Claim c : wanted.values()) {
            if (!held.containsKey(key(c))) {
                claims.db().transaction(conn -> {
                    ClaimStore.put(conn, c);
                    return null;
                });
                remember(c);
                changed++;
            }
        }
        return changed;
    }

    private static double limit(JsonNode schedulerLimits, String key, double computed) {
        JsonNode v = schedulerLimits == null ? null : schedulerLimits.get(key);
        return v != null && v.isNumber() ? v.asDouble() : computed;
    }

    /** nova's Claim._test wording: "Free memory 100.00 MB < requested 2048 MB". */
    private static void test(String type, String unit, double used, int requested, double limit, List<String> reasons) {
        double free = limit - used;
        if (requested > free) {
            reasons.add(String.format(java.util.Locale.ROOT, "Free %s %.2f %s < requested %d %s", type, free, unit,
                    requested, unit));
        }
    }

    private synchronized void move(String uuid, ClaimPurpose from, String fromMigration, ClaimPurpose to, String toMigration) {
        Claim existing = held.get(key(uuid, from.dbValue(), fromMigration));
        if (existing == null) {
            return;
        }
        Claim moved = new Claim(uuid, to.dbValue(), toMigration, existing.node(), existing.vcpus(), existing.memoryMb(),
                existing.diskGb());
        claims.db().transaction(c -> {
            ClaimStore.remove(c, uuid, from.dbValue(), fromMigration);
            ClaimStore.put(c, moved);
            return null;
        });
        forget(key(existing));
        remember(moved);
    }

    private synchronized void drop(String uuid, ClaimPurpose purpose, String migrationUuid) {
        String key = key(uuid, purpose.dbValue(), migrationUuid);
        if (!held.containsKey(key)) {
            return;
        }
        claims.db().transaction(c -> ClaimStore.remove(c, uuid, purpose.dbValue(), migrationUuid));
        forget(key);
        LOG.info("released the {} claim of {}", purpose.dbValue(), uuid);
    }

    private static int diskGb(Flavor f) {
        return f.rootGb() + f.ephemeralGb();
    }
}
