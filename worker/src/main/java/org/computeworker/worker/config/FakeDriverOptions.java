package org.computeworker.worker.config;

/** {@code [fake_driver]}: the host the fake driver pretends to be (nova's fake.py hardcodes it). */
public record FakeDriverOptions(int vcpus, int memoryMb, int localGb, String failures, String delays) {

    static FakeDriverOptions read(OptionReader r) {
        return new FakeDriverOptions(
                r.integer("fake_driver", "vcpus", 1000, 1, 1_000_000),
                r.integer("fake_driver", "memory_mb", 800_000, 1, Integer.MAX_VALUE),
                r.integer("fake_driver", "local_gb", 600_000, 1, Integer.MAX_VALUE),
                r.string("fake_driver", "fail_methods", ""),
                r.string("fake_driver", "delay_methods", ""));
    }
}
