package org.computeworker.worker.virt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;

/**
 * The hypervisor seam, shaped after nova's {@code nova/virt/driver.py}: the compute operations
 * call these and nothing else. Failures are {@link org.computeworker.worker.errors.NovaException}s
 * so they reach callers and fault records with nova's names.
 */
public interface ComputeDriver extends AutoCloseable {

    /** Connects to the hypervisor and catches up with guests already on this host (init_host). */
    void initHost(String host);

    /** nova's {@code capabilities} dict (has_imagecache, supports_migrate_to_same_host, ...). */
    Map<String, Boolean> capabilities();

    /** The nodes this driver manages; one for every driver here (get_available_nodes). */
    List<String> availableNodes();

    /** Capacity and hypervisor-side usage of a node (get_available_resource). */
    HostResources availableResource(String nodename);

    /** The guest's current state (get_info); NOSTATE-free: a missing guest is InstanceNotFound. */
    InstanceInfo info(Instance instance);

    /** Creates the guest and its disks; running afterwards when {@code powerOn}. */
    void spawn(SpawnRequest request);

    /** Removes the guest; succeeds when it is already gone. Disks too when {@code destroyDisks}. */
    void destroy(RequestContext context, Instance instance, ArrayNode networkInfo, boolean destroyDisks);

    /**
     * nova's {@code check_instance_shared_storage_local} answering None: every host sees this instance's disks
     * (RBD), so a host handing the instance back (revert_resize on the destination) must leave them alone.
     */
    default boolean hasSharedBlockStorage(Instance instance) {
        return false;
    }

    /** Stops the guest: a clean shutdown within {@code timeout} when it is non-zero, then a hard stop. */
    void powerOff(Instance instance, Duration timeout, Duration retryInterval);

    /** Starts a stopped guest (libvirt: a hard reboot that regenerates its definition). */
    void powerOn(RequestContext context, Instance instance, ArrayNode networkInfo);

    /**
     * nova's {@code reboot}: SOFT asks the guest to shut down and starts it again, falling back to a
     * hard reboot when it does not; HARD recreates and starts the guest.
     */
    void reboot(RequestContext context, Instance instance, ArrayNode networkInfo, String rebootType);

    /**
     * Source side of a resize: refuses shrinking disks, powers off and moves or copies the disks
     * towards {@code destHost}. Returns nova's disk_info JSON string for finish_migration.
     */
    String migrateDiskAndPowerOff(RequestContext context, Instance instance, String destHost, Flavor flavor,
                                  ArrayNode networkInfo, Duration timeout, Duration retryInterval);

    /** Destination side: grows disks to the new flavor, defines the guest, starts it when asked. */
    void finishMigration(RequestContext context, Migration migration, Instance instance, String diskInfo,
                         ArrayNode networkInfo, ImageMeta image, boolean resizeInstance, boolean powerOn);

    /** Confirms a resize: removes what the source kept for a revert. */
    void confirmMigration(RequestContext context, Migration migration, Instance instance, ArrayNode networkInfo);

    /** Reverts a resize on the source: restores the kept disks and guest, started when asked. */
    void finishRevertMigration(RequestContext context, Instance instance, ArrayNode networkInfo,
                               Migration migration, boolean powerOn);

    /** nova's get_host_uptime: the host's {@code uptime} output; drivers without one raise NotImplementedError. */
    default String hostUptime() {
        throw new org.computeworker.worker.errors.NotImplementedByDriver("get_host_uptime");
    }

    @Override
    default void close() {
    }
}
