-- Every accepted RPC message. It is acknowledged to the broker once recorded as running, so a
-- message that never started is still the broker's to redeliver after a crash.
CREATE TABLE journal (
    unique_id     TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL,
    method        TEXT NOT NULL,
    namespace     TEXT,
    instance_uuid TEXT,
    request_id    TEXT,
    kind          TEXT NOT NULL,          -- cast | call
    status        TEXT NOT NULL,          -- received | running | done | failed | refused | interrupted
    received_at   INTEGER NOT NULL,       -- epoch milliseconds
    finished_at   INTEGER,
    error         TEXT
);
CREATE INDEX journal_status ON journal(status, seq);
CREATE INDEX journal_received ON journal(received_at);
