-- The instances on this host as the worker last left them; primitive is the full nova object.
CREATE TABLE instances (
    uuid          TEXT PRIMARY KEY,
    vm_state      TEXT,
    task_state    TEXT,
    power_state   INTEGER,
    host          TEXT,
    node          TEXT,
    primitive     TEXT NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE migrations (
    uuid           TEXT PRIMARY KEY,
    id             INTEGER,
    instance_uuid  TEXT NOT NULL,
    migration_type TEXT,
    status         TEXT NOT NULL,
    source_compute TEXT,
    dest_compute   TEXT,
    source_node    TEXT,
    dest_node      TEXT,
    old_flavor_id  INTEGER,
    new_flavor_id  INTEGER,
    primitive      TEXT NOT NULL,
    steps          TEXT NOT NULL DEFAULT '',  -- compute methods this host completed for it
    updated_at     INTEGER NOT NULL
);
CREATE INDEX migrations_instance ON migrations(instance_uuid);

-- Resources held on this host, by instance and (for resizes) by migration.
CREATE TABLE claims (
    instance_uuid  TEXT NOT NULL,
    purpose        TEXT NOT NULL,         -- instance | resize_dest | resize_source
    migration_uuid TEXT NOT NULL DEFAULT '',
    node           TEXT,
    vcpus          INTEGER NOT NULL,
    memory_mb      INTEGER NOT NULL,
    disk_gb        INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (instance_uuid, purpose, migration_uuid)
);

CREATE TABLE faults (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_uuid TEXT NOT NULL,
    code          INTEGER NOT NULL,
    message       TEXT NOT NULL,
    details       TEXT,
    host          TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX faults_instance ON faults(instance_uuid, id);

CREATE TABLE actions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_uuid TEXT NOT NULL,
    action        TEXT NOT NULL,
    request_id    TEXT,
    user_id       TEXT,
    project_id    TEXT,
    start_time    INTEGER NOT NULL,
    finish_time   INTEGER,
    message       TEXT
);
CREATE INDEX actions_instance ON actions(instance_uuid, request_id);

CREATE TABLE action_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id   INTEGER NOT NULL REFERENCES actions(id),
    event       TEXT NOT NULL,
    host        TEXT,
    start_time  INTEGER NOT NULL,
    finish_time INTEGER,
    result      TEXT,
    traceback   TEXT
);
CREATE INDEX action_events_action ON action_events(action_id);
