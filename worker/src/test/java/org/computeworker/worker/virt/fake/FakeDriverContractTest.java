package org.computeworker.worker.virt.fake;

import java.nio.file.Path;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.config.FakeDriverOptions;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.virt.ComputeDriver;
import org.computeworker.worker.virt.ComputeDriverContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The driver contract on the fake driver: two hosts, each with its own state database. */
class FakeDriverContractTest extends ComputeDriverContract {
    @TempDir
    Path root;
    private Database dbA;
    private Database dbB;
    private GroupCommitWriter writerA;
    private GroupCommitWriter writerB;
    private FakeDriver a;
    private FakeDriver b;

    @BeforeEach
    void hosts() {
        FakeDriverOptions options = new FakeDriverOptions(8, 16384, 100, "", "");
        dbA = Database.open(root.resolve("a"), false);
        dbB = Database.open(root.resolve("b"), false);
        writerA = new GroupCommitWriter(dbA);
        writerB = new GroupCommitWriter(dbB);
        a = new FakeDriver(options, dbA, writerA, null);
        b = new FakeDriver(options, dbB, writerB, null);
        a.initHost("host-a");
        b.initHost("host-b");
    }

    @AfterEach
    void close() {
        writerA.close();
        writerB.close();
        dbA.close();
        dbB.close();
    }

    @Override
    protected ComputeDriver source() {
        return a;
    }

    @Override
    protected ComputeDriver destination() {
        return b;
    }

    @Override
    protected Instance instance(Flavor flavor) {
        return NovaTestObjects.instance("host-a", "active", null, flavor);
    }

    @Override
    protected ImageMeta image() {
        return ImageMeta.from(Json.object().put("id", "img").put("disk_format", "raw"));
    }

    @Override
    protected Flavor small() {
        return NovaTestObjects.small();
    }

    @Override
    protected Flavor bigger() {
        return NovaTestObjects.medium();
    }
}
