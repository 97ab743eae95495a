package org.computeworker.worker.compute.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.worker.config.WorkerConfig;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.state.ClaimStore;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.virt.fake.FakeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims on a real state database and the fake driver's capacity (4 vCPU, 4096 MB, 40 GB here). */
class ResourceTrackerTest {
    private static final Flavor SMALL = Flavor.create(1, "small", 1024, 1, 10, 0, 0);
    private static final Flavor BIG = Flavor.create(2, "big", 3072, 2, 20, 0, 0);
    @TempDir
    Path state;
    private Database db;
    private GroupCommitWriter writer;
    private FakeDriver driver;
    private WorkerConfig config;

    @BeforeEach
    void open() {
        config = WorkerConfig.from(OsloConfigFile.parse(String.join("\n", "[DEFAULT]", "host = rt",
                "state_path = " + state, "[fake_driver]", "vcpus = 4", "memory_mb = 4096", "local_gb = 40", "")));
        db = Database.open(state, false);
        writer = new GroupCommitWriter(db);
        driver = new FakeDriver(config.fake(), db, writer, null);
    }

    @AfterEach
    void close() throws Exception {
        writer.close();
        db.close();
    }

    private ResourceTracker tracker() {
        return new ResourceTracker(new ClaimStore(db), driver, config.compute());
    }

    @Test
    void claimsAreTestedAgainstCapacityAndSurviveARestart() {
        ResourceTracker tracker = tracker();
        tracker.instanceClaim("i1", BIG, "rt", null);
        NovaException refused = assertThrows(NovaException.class, () -> tracker.instanceClaim("i2", BIG, "rt", null));
        assertEquals("ComputeResourcesUnavailable", refused.pythonClass());
        assertEquals(new Usage(2, 3072, 20), tracker().used(), "a new tracker reads the claims back");
    }

    @Test
    void aNewMoveOfAnInstanceReleasesWhatAnEarlierMoveOfItStillHoldsHere() {
        ResourceTracker tracker = tracker();
        tracker.resizeClaim("i1", BIG, "rt", "migration-1", null); // its resize_instance then failed on the source
        tracker.resizeClaim("i1", BIG, "rt", "migration-2", null); // would not fit beside the first one

        assertEquals(List.of("migration-2"), tracker.claimsFor("i1").stream()
                .map(ClaimStore.Claim::migrationUuid).toList());
        assertEquals(new Usage(2, 3072, 20), tracker.used());
        assertEquals(new Usage(2, 3072, 20), tracker().used(), "released in the store too");
    }

    @Test
    void otherInstancesKeepTheirClaims() {
        ResourceTracker tracker = tracker();
        tracker.resizeClaim("i1", SMALL, "rt", "migration-1", null);
        tracker.resizeClaim("i2", SMALL, "rt", "migration-2", null);
        assertEquals(new Usage(2, 2048, 20), tracker.used());
    }
}
