package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.REVERTS_TASK_STATE;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.Selection;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.errors.InstanceFaultRollback;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.RecordRetry;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.notify.Phase;
import org.computeworker.worker.state.MigrationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's prep_resize, on the destination: stash the new flavor and the vm_state to return to,
 * claim the new size, record the migration and cast resize_instance to the source. On failure,
 * reschedule through the conductor when the scheduler left alternates, else fail the instance.
 */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, WRAP_INSTANCE_FAULT})
public final class PrepResize extends OperationSupport {
    private static final Logger LOG = LoggerFactory.getLogger(PrepResize.class);

    public PrepResize(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "prep_resize";
    }

    @Override
    public void admit(Invocation inv) {
        s.admission().migrationStep(inv, method(), false, States.RESIZE_PREP);
    }

    @Override
    public JsonNode run(Invocation inv) throws Exception {
        Instance instance = inv.instance();
        Flavor flavor = inv.args().flavor("flavor");
        if (flavor == null) {
            throw new org.computeworker.messages.MalformedMessageException("argument 'flavor' is missing");
        }
        String node = inv.args().string("node") != null ? inv.args().string("node") : s.nodename();
        return errorOut.run(inv, instance.vmState(), () -> {
            try {
                s.notifier().prepResize(inv.context(), instance, Phase.START, flavor);
                try {
                    prepare(inv, instance, flavor, node);
                } catch (Exception e) {
                    RecordRetry.rethrowIfUnavailable(e);
                    s.tracker().dropDestClaim(instance.uuid(), MigrationStore.key(inv.migration()), false);
                    rescheduleOrRethrow(inv, flavor, e);
                } finally {
                    s.notifier().prepResize(inv.context(), instance, Phase.END, flavor);
                }
                return null;
            } catch (Exception e) {
                RecordRetry.rethrowIfUnavailable(e);
                errorMigration(inv); // errors_out_migration_ctxt
                throw e;
            }
        });
    }

    private void prepare(Invocation inv, Instance instance, Flavor flavor, String node) {
        if (instance.host() == null) {
            instance.setVmState(States.ERROR);
            s.instances().save(inv.context(), instance);
            throw NovaErrors.migrationError("Instance has no source host");
        }
        boolean sameHost = s.host().equals(instance.host());
        if (sameHost && !s.options().allowResizeToSameHost()) {
            throw new InstanceFaultRollback(NovaErrors.migrationError("destination host " + s.host()
                    + " is the source host and [DEFAULT] allow_resize_to_same_host is false"));
        }
        if (sameHost && flavor.id() != null && flavor.id().equals(instance.instanceTypeId())
                && !s.driver().capabilities().getOrDefault("supports_migrate_to_same_host", false)) {
            throw new InstanceFaultRollback(new org.computeworker.worker.errors.NovaException(
                    org.computeworker.worker.errors.NovaError.UNABLE_TO_MIGRATE_TO_SELF,
                    "Unable to migrate instance (" + instance.uuid() + ") to current host (" + s.host() + ").",
                    java.util.Map.of("instance_id", instance.uuid(), "host", s.host())));
        }
        instance.setNewFlavor(flavor);
        instance.putSystemMetadata(States.OLD_VM_STATE, instance.vmState());
        s.instances().save(inv.context(), instance);

        Migration migration = migrationFor(inv, instance, flavor, node);
        if (migration.id() != null) {
            instance.setField("migration_context", migrationContext(instance, migration));
            s.instances().save(inv.context(), instance);
        }
        ObjectNode limits = inv.args().dict("filter_properties").has("limits")
                ? (ObjectNode) inv.args().dict("filter_properties").get("limits") : Json.object();
        s.tracker().resizeClaim(instance.uuid(), flavor, node, MigrationStore.key(migration), limits);
        LOG.info("Migrating");
        s.admission().stepDone(migration, method());
        s.peers().resizeInstance(inv.context(), instance, migration, inv.args().image(), flavor,
                inv.args().requestSpec(), inv.args().bool("clean_shutdown", true));
    }

    /** The migration as the resource tracker's move claim completes it (dest side, flavors, status). */
    private Migration migrationFor(Invocation inv, Instance instance, Flavor flavor, String node) {
        Migration m = inv.migration();
        if (m == null) {
            m = Migration.create();
            m.setUuid(java.util.UUID.randomUUID().toString());
            m.setInstanceUuid(instance.uuid());
            m.setMigrationType(instance.instanceTypeId() != null && instance.instanceTypeId().equals(flavor.id())
                    ? "migration" : "resize");
            m.setSourceCompute(instance.host());
            m.setSourceNode(instance.node());
            inv.migration(m);
        }
        m.setDestCompute(s.host());
        m.setDestNode(node);
        m.setDestHost(s.options().myIp());
        m.setOldInstanceTypeId(instance.instanceTypeId());
        m.setNewInstanceTypeId(flavor.id());
        m.setStatus(States.PRE_MIGRATING);
        s.migrations().save(inv.context(), m);
        return m;
    }

    /**
     * The MigrationContext nova's resource tracker records on the instance for a move claim: which
     * migration the instance is in (init_host reads it after a crash). This worker claims no NUMA
     * topology, PCI devices or resources, so those are empty as nova's are for such a flavor.
     */
    private static com.fasterxml.jackson.databind.node.ObjectNode migrationContext(Instance instance,
                                                                                  Migration migration) {
        var primitive = org.computeworker.messages.objects.NovaObject.newPrimitive("MigrationContext", "1.2");
        var data = primitive.with(org.computeworker.messages.objects.NovaObject.DATA);
        data.put("instance_uuid", instance.uuid());
        data.put("migration_id", migration.id());
        for (String field : List.of("new_numa_topology", "old_numa_topology", "new_pci_devices", "old_pci_devices",
                "new_pci_requests", "old_pci_requests", "new_resources", "old_resources")) {
            data.putNull(field);
        }
        return primitive;
    }

    /** nova's _reschedule_resize_or_reraise. */
    private void rescheduleOrRethrow(Invocation inv, Flavor flavor, Exception error) throws Exception {
        List<Selection> alternates = alternates(inv);
        Exception original = error instanceof InstanceFaultRollback r ? r.inner() : error;
        if (alternates.isEmpty()) {
            throw error;
        }
        Instance instance = inv.instance();
        try {
            instance.setTaskState(States.RESIZE_PREP);
            s.instances().save(inv.context(), instance);
            ObjectNode filterProperties = inv.args().dict("filter_properties").deepCopy();
            if (filterProperties.has("retry") && filterProperties.get("retry").isObject()) {
                ((ObjectNode) filterProperties.get("retry")).putArray("exc")
                        .add(original.getClass().getSimpleName() + ": " + original.getMessage() + "\n");
            }
            ObjectNode hint = Json.object();
            hint.set("filter_properties", filterProperties);
            s.conductor().migrateServer(inv.context(), instance, hint, false, false, flavor, null, null, null,
                    inv.args().bool("clean_shutdown", true), inv.args().requestSpec(), alternates, true);
        } catch (Exception rescheduleFailure) {
            LOG.error("Error trying to reschedule: {}", rescheduleFailure.getMessage(), rescheduleFailure);
            recordResizeError(inv, rescheduleFailure);
            throw error;
        }
        LOG.error("resize failed on {} ({}): rescheduled to one of {}", s.host(), original.getMessage(),
                alternates.stream().map(Selection::serviceHost).toList());
        recordResizeError(inv, original);
        errorMigration(inv);
    }

    private void recordResizeError(Invocation inv, Exception error) {
        faults.record(inv.context(), inv.instance().uuid(), error);
        s.notifier().resizeError(inv.context(), inv.instance(), error);
    }

    private void errorMigration(Invocation inv) {
        Migration m = inv.migration();
        if (m != null && !States.MIGRATION_ERROR.equals(m.status())) {
            m.setStatus(States.MIGRATION_ERROR);
            s.migrations().save(inv.context(), m);
        }
    }

}
