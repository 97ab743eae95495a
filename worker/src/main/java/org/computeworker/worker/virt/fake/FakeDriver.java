package org.computeworker.worker.virt.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.InstanceFaultRollback;
import org.computeworker.worker.config.FakeDriverOptions;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.HostResources;
import org.computeworker.worker.virt.InstanceInfo;
import org.computeworker.worker.virt.PowerState;
import org.computeworker.worker.virt.SpawnRequest;
import org.computeworker.worker.virt.fake.FakeGuests.Guest;

/**
 * nova's fake driver ({@code compute_driver = fake.FakeDriver}): guests with power states and no
 * hypervisor, a configurable host size, and failures on demand. Unlike nova's fake it powers the
 * guest off when migrating and refuses to shrink disks, as the libvirt driver does.
 */
public final class FakeDriver implements ComputeDriver {
    /** nova's fake driver describes its host CPU so (the API parses cpu_info as JSON). */
    private static final String CPU_INFO = "{\"arch\": \"x86_64\", \"model\": \"Nehalem\", \"vendor\": \"Intel\", "
            + "\"features\": [\"pge\", \"clflush\"], \"topology\": {\"cores\": 1, \"threads\": 1, \"sockets\": 4}}";
    private final FakeDriverOptions options;
    private final FakeGuests guests;
    private final FailureInjector failures;
    private String host;

    /**
     * @param legacyGuestsFile where an older worker kept the guests (fake-guests.sqlite), taken over
     *                         into {@code db} if it is there
     */
    public FakeDriver(FakeDriverOptions options, Database db, GroupCommitWriter writer, Path legacyGuestsFile) {
        this.options = options;
        this.guests = new FakeGuests(db, writer, legacyGuestsFile);
        this.failures = FailureInjector.parse(options.failures(), options.delays());
    }

    /** Lets tests break any step of a flow. */
    public FailureInjector failures() {
        return failures;
    }

    public PowerState powerState(String uuid) {
        return guests.get(uuid).map(Guest::state).orElse(PowerState.NOSTATE);
    }

    public boolean hasGuest(String uuid) {
        return guests.get(uuid).isPresent();
    }

    @Override
    public void initHost(String host) {
        this.host = host;
        failures.enter("init_host");
    }

    @Override
    public Map<String, Boolean> capabilities() {
        return Map.of("has_imagecache", true, "supports_evacuate", true, "supports_migrate_to_same_host", false,
                "supports_image_type_raw", true);
    }

    @Override
    public List<String> availableNodes() {
        return List.of(host);
    }

    @Override
    public HostResources availableResource(String nodename) {
        int[] used = guests.used();
        return new HostResources(nodename, options.vcpus(), options.memoryMb(), options.localGb(), used[0], used[1],
                used[2], "fake", 1000, CPU_INFO, 0);
    }

    @Override
    public InstanceInfo info(Instance instance) {
        failures.enter("get_info");
        Guest g = guests.get(instance.uuid()).orElseThrow(() -> NovaErrors.instanceNotFound(instance.uuid()));
        return new InstanceInfo(g.state(), instance.uuid());
    }

    @Override
    public void spawn(SpawnRequest request) {
        failures.enter("spawn");
        Instance i = request.instance();
        Flavor f = i.flavor();
        guests.put(new Guest(i.uuid(), request.powerOn() ? PowerState.RUNNING : PowerState.SHUTDOWN,
                f == null ? i.vcpus() : f.vcpus(), f == null ? i.memoryMb() : f.memoryMb(),
                f == null ? i.rootGb() : f.rootGb(), f == null ? i.ephemeralGb() : f.ephemeralGb(), false));
    }

    @Override
    public void destroy(RequestContext context, Instance instance, ArrayNode networkInfo, boolean destroyDisks) {
        failures.enter("destroy");
        guests.remove(instance.uuid());
    }

    @Override
    public void powerOff(Instance instance, Duration timeout, Duration retryInterval) {
        failures.enter("power_off");
        Guest g = guests.get(instance.uuid()).orElseThrow(() -> NovaErrors.instanceNotFound(instance.uuid()));
        guests.put(g.withState(PowerState.SHUTDOWN));
    }

    @Override
    public void powerOn(RequestContext context, Instance instance, ArrayNode networkInfo) {
        failures.enter("power_on");
        Guest g = guests.get(instance.uuid()).orElseThrow(() -> NovaErrors.instanceNotFound(instance.uuid()));
        guests.put(g.withState(PowerState.RUNNING));
    }

    @Override
    public void reboot(RequestContext context, Instance instance, ArrayNode networkInfo, String rebootType) {
        failures.enter("reboot");
        Guest g = guests.get(instance.uuid()).orElseThrow(() -> NovaErrors.instanceNotFound(instance.uuid()));
        guests.put(g.withState(PowerState.RUNNING));
    }

    @Override
    public String migrateDiskAndPowerOff(RequestContext context, Instance instance, String destHost, Flavor flavor,
                                         ArrayNode networkInfo, Duration timeout, Duration retryInterval) {
        failures.enter("migrate_disk_and_power_off");
        Flavor current = instance.flavor();
        if (flavor.rootGb() < current.rootGb() || flavor.ephemeralGb() < current.ephemeralGb()) {
            // libvirt's rule: a disk is never shrunk; the instance goes back to where it was.
            throw new InstanceFaultRollback(NovaErrors.resizeError("Unable to resize disk down."));
        }
        guests.get(instance.uuid()).ifPresent(g -> guests.put(g.withState(PowerState.SHUTDOWN).kept(true)));
        return "[]";
    }

    @Override
    public void finishMigration(RequestContext context, Migration migration, Instance instance, String diskInfo,
                                ArrayNode networkInfo, ImageMeta image, boolean resizeInstance, boolean powerOn) {
        failures.enter("finish_migration");
        Flavor f = instance.flavor();
        guests.put(new Guest(instance.uuid(), powerOn ? PowerState.RUNNING : PowerState.SHUTDOWN, f.vcpus(),
                f.memoryMb(), f.rootGb(), f.ephemeralGb(), false));
    }

    @Override
    public void confirmMigration(RequestContext context, Migration migration, Instance instance, ArrayNode networkInfo) {
        failures.enter("confirm_migration");
        if (!migration.sourceCompute().equals(migration.destCompute())) {
            guests.remove(instance.uuid());
        }
    }

    @Override
    public void finishRevertMigration(RequestContext context, Instance instance, ArrayNode networkInfo,
                                      Migration migration, boolean powerOn) {
        failures.enter("finish_revert_migration");
        Flavor f = instance.flavor();
        guests.put(new Guest(instance.uuid(), powerOn ? PowerState.RUNNING : PowerState.SHUTDOWN, f.vcpus(),
                f.memoryMb(), f.rootGb(), f.ephemeralGb(), false));
    }
}
