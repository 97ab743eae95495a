-- The fake driver's guests (compute_driver = fake.FakeDriver): what a hypervisor would still hold
-- after the worker restarts. Kept here so their writes join the worker's group commits.
CREATE TABLE fake_guests (
    uuid         TEXT PRIMARY KEY,
    state        TEXT NOT NULL,
    vcpus        INTEGER NOT NULL,
    memory_mb    INTEGER NOT NULL,
    root_gb      INTEGER NOT NULL,
    ephemeral_gb INTEGER NOT NULL,
    kept         INTEGER NOT NULL
);
