package org.computeworker.worker.virt;

import org.computeworker.worker.config.WorkerConfig;
import org.computeworker.worker.virt.fake.FakeDriver;

/** The driver {@code [DEFAULT] compute_driver} names. */
public final class Drivers {
    private Drivers() {
    }

    public static ComputeDriver create(WorkerConfig config) {
        return switch (config.compute().computeDriver()) {
            case "fake.FakeDriver" -> new FakeDriver(config.fake(), config.compute().statePath().resolve("fake-guests.sqlite"));
            default -> throw new IllegalStateException("[DEFAULT] compute_driver " + config.compute().computeDriver()
                    + " is not available in this build");
        };
    }
}
