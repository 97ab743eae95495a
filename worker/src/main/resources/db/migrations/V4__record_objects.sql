-- Standalone mode's record of the nova objects that have no table of their own here (the
-- nova-compute service and its compute node), kept as full primitives.
CREATE TABLE record_objects (
    kind      TEXT NOT NULL,                -- the nova object name: Service, ComputeNode
    key       TEXT NOT NULL,                -- host/binary or host/nodename
    primitive TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
