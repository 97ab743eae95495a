package org.computeworker.worker.virt;

import org.computeworker.worker.WorkerRuntime;
import org.computeworker.worker.config.WorkerConfig;
import org.computeworker.worker.record.InstanceRecord;
import org.computeworker.worker.virt.fake.FakeDriver;
import org.computeworker.worker.virt.libvirt.wiring.LibvirtWiring;

/** The driver {@code [DEFAULT] compute_driver} names. */
public final class Drivers {
    private Drivers() {
    }

    /** @param instances nova's record of instances, which the libvirt driver's lifecycle events update */
    public static ComputeDriver create(WorkerRuntime runtime, InstanceRecord instances) {
        WorkerConfig config = runtime.config();
        return switch (config.compute().computeDriver()) {
            case "fake.FakeDriver" -> new FakeDriver(config.fake(), runtime.db(), runtime.writer(),
                    config.compute().statePath().resolve("fake-guests.sqlite"));
            case "libvirt.LibvirtDriver" -> LibvirtWiring.create(runtime, instances);
            default -> throw new IllegalStateException("[DEFAULT] compute_driver " + config.compute().computeDriver()
                    + " is not available in this build");
        };
    }
}
