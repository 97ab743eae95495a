-- Every RPC message, recorded when it arrives. It is acknowledged to the broker once recorded as
-- running, so a message that never started is still the broker's to redeliver after a crash.
-- Rows are appended and updated by seq (the rowid), so a commit touches the table's last pages:
-- _unique_id is random and an index on it would dirty a random page per message. The worker
-- recognises duplicates from the ids of its recent rows, held in memory.
CREATE TABLE journal (
    seq           INTEGER PRIMARY KEY,
    unique_id     TEXT NOT NULL,
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
CREATE INDEX journal_unfinished ON journal(status) WHERE status IN ('received', 'running');
