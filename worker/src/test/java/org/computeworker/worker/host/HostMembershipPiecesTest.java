package org.computeworker.worker.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.Service;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.compute.resources.ResourceTracker;
import org.computeworker.worker.config.WorkerConfig;
import org.computeworker.worker.record.local.LocalInstanceRecord;
import org.computeworker.worker.record.local.LocalMigrationRecord;
import org.computeworker.worker.record.local.LocalServices;
import org.computeworker.worker.state.ClaimStore;
import org.computeworker.worker.state.ClaimStore.Claim;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.state.InstanceStore;
import org.computeworker.worker.state.MigrationStore;
import org.computeworker.worker.state.RecordObjectStore;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.support.TestWorkers;
import org.computeworker.worker.virt.fake.FakeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of the host's control-plane membership on the local record (no daemon): the service
 * registered once and its heartbeat, and the resource audit counting what the record places on the
 * node and correcting the tracker's ledger.
 */
class HostMembershipPiecesTest {
    @TempDir
    Path state;
    private Database db;
    private GroupCommitWriter writer;
    private InstanceStore instances;
    private MigrationStore migrations;

    @BeforeEach
    void open() {
        db = Database.open(state, false);
        writer = new GroupCommitWriter(db);
        instances = new InstanceStore(db, writer);
        migrations = new MigrationStore(db, writer);
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
    }

    @Test
    void theServiceIsRegisteredOnceThenEachHeartbeatCountsAndAnOperatorsDisableIsSeen() {
        LocalServices services = new LocalServices(new RecordObjectStore(db));
        ServiceHeartbeat heartbeat = new ServiceHeartbeat(services, "hostA", false);
        Service registered = heartbeat.register();
        assertEquals(NovaRelease.SERVICE_VERSION, registered.version());
        assertTrue(registered.disabled(), "enable_new_services = false registers it disabled");
        assertEquals(ServiceHeartbeat.DISABLED_BY_CONFIG, registered.disabledReason());
        heartbeat.beat();
        heartbeat.beat();
        Service again = new ServiceHeartbeat(services, "hostA", true).register();
        assertEquals(registered.uuid(), again.uuid(), "found, not created a second time");
        assertEquals(2, again.reportCount());
        assertTrue(heartbeat.disabled());
    }

    @Test
    void theAuditCountsInstancesHereAndMovesInFlightAndTheLedgerFollows() {
        RequestContext ctx = RequestContext.admin();
        Instance running = NovaTestObjects.instance("hostA", "active", null, NovaTestObjects.small());
        running.setNode("hostA");
        instances.put(running);
        Instance leaving = NovaTestObjects.instance("hostB", "resized", null, NovaTestObjects.medium());
        leaving.setNode("hostB");
        leaving.setOldFlavor(NovaTestObjects.small());
        leaving.setNewFlavor(NovaTestObjects.medium());
        instances.put(leaving);
        Migration away = NovaTestObjects.migration(leaving, "hostA", "hostB", NovaTestObjects.medium());
        away.setSourceNode("hostA");
        away.setDestNode("hostB");
        away.setStatus("finished");
        migrations.save(away);

        UsageAudit audit = new UsageAudit(new LocalInstanceRecord(instances), new LocalMigrationRecord(migrations),
                "hostA");
        UsageAudit.Result held = audit.audit(ctx, "hostA");
        assertEquals(List.of("instance " + running.uuid(), "resize_source " + leaving.uuid()),
                held.claims().stream().map(c -> c.purpose() + " " + c.instanceUuid()).sorted().toList());

        WorkerConfig config = TestWorkers.config("[DEFAULT]\nhost = hostA\nstate_path = " + state + "\n");
        ResourceTracker tracker = new ResourceTracker(new ClaimStore(db),
                new FakeDriver(config.fake(), db, writer, null), config.compute(), false);
        tracker.instanceClaim("gone-elsewhere", NovaTestObjects.small(), "hostA", null);
        long started = System.nanoTime();
        assertEquals(3, tracker.replaceAll(held.claims(), started), "one stale claim dropped, two added");
        assertFalse(tracker.claimsFor("gone-elsewhere").stream().map(Claim::purpose).toList().contains("instance"));
        assertEquals(0, tracker.replaceAll(held.claims(), System.nanoTime()), "nothing left to correct");
    }
}
