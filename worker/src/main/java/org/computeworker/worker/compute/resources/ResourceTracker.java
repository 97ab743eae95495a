package org.computeworker.worker.compute.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
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
 * nova's resource tracker for one host: claims are tested against the scheduler's limits when it
 * sent them, else against capacity x allocation ratio minus reserved (nova leaves this to
 * placement; here nothing else would stop an overcommit), and kept in the state store so a
 * restart remembers them. One lock, like nova's COMPUTE_RESOURCE_SEMAPHORE.
 */
public final class ResourceTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceTracker.class);

    private final ClaimStore claims;
    private final ComputeDriver driver;
    private final ComputeOptions options;

    public ResourceTracker(ClaimStore claims, ComputeDriver driver, ComputeOptions options) {
        this.claims = claims;
        this.driver = driver;
        this.options = options;
    }

    /** Claims the flavor's size for a new instance (build). */
    public void instanceClaim(String instanceUuid, Flavor flavor, String node, JsonNode limits) {
        claim(new Claim(instanceUuid, ClaimPurpose.INSTANCE.dbValue(), null, node, flavor.vcpus(), flavor.memoryMb(),
                diskGb(flavor)), limits);
    }

    /** Claims the new flavor for an incoming resize (prep_resize on the destination). */
    public void resizeClaim(String instanceUuid, Flavor newFlavor, String node, String migrationUuid, JsonNode limits) {
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

    public Usage used() {
        Usage used = Usage.ZERO;
        for (Claim c : claims.all()) {
            used = used.plus(new Usage(c.vcpus(), c.memoryMb(), c.diskGb()));
        }
        return used;
    }

    private synchronized void claim(Claim wanted, JsonNode schedulerLimits) {
        Usage computed = limits(wanted.node());
        claims.db().transaction(c -> {
            Usage used = usedExcept(c, wanted);
            List<String> reasons = new ArrayList<>();
            test("memory", "MB", used.memoryMb(), wanted.memoryMb(), limit(schedulerLimits, "memory_mb", computed.memoryMb()), reasons);
            test("disk", "GB", used.diskGb(), wanted.diskGb(), limit(schedulerLimits, "disk_gb", computed.diskGb()), reasons);
            test("vcpu", "VCPU", used.vcpus(), wanted.vcpus(), limit(schedulerLimits, "vcpu", computed.vcpus()), reasons);
            if (!reasons.isEmpty()) {
                throw NovaErrors.computeResourcesUnavailable(String.join("; ", reasons));
            }
            ClaimStore.put(c, wanted);
            return null;
        });
        LOG.info("claimed {} vCPU, {} MB, {} GB for {} ({})", wanted.vcpus(), wanted.memoryMb(), wanted.diskGb(),
                wanted.instanceUuid(), wanted.purpose());
    }

    /** Usage of every other claim: repeating a claim replaces it rather than counting it twice. */
    private static Usage usedExcept(Connection c, Claim wanted) throws SQLException {
        Usage used = Usage.ZERO;
        for (Claim existing : ClaimStore.allIn(c)) {
            boolean same = existing.instanceUuid().equals(wanted.instanceUuid()) && existing.purpose().equals(wanted.purpose())
                    && java.util.Objects.equals(existing.migrationUuid(), wanted.migrationUuid());
            if (!same) {
                used = used.plus(new Usage(existing.vcpus(), existing.memoryMb(), existing.diskGb()));
            }
        }
        return used;
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
        claims.db().transaction(c -> {
            for (Claim existing : ClaimStore.allIn(c)) {
                if (existing.instanceUuid().equals(uuid) && existing.purpose().equals(from.dbValue())
                        && java.util.Objects.equals(existing.migrationUuid(), fromMigration)) {
                    ClaimStore.remove(c, uuid, from.dbValue(), fromMigration);
                    ClaimStore.put(c, new Claim(uuid, to.dbValue(), toMigration, existing.node(), existing.vcpus(),
                            existing.memoryMb(), existing.diskGb()));
                }
            }
            return null;
        });
    }

    private synchronized void drop(String uuid, ClaimPurpose purpose, String migrationUuid) {
        int n = claims.db().transaction(c -> ClaimStore.remove(c, uuid, purpose.dbValue(), migrationUuid));
        if (n > 0) {
            LOG.info("released the {} claim of {}", purpose.dbValue(), uuid);
        }
    }

    private static int diskGb(Flavor f) {
        return f.rootGb() + f.ephemeralGb();
    }
}
