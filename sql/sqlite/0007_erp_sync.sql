-- ERP sync bookkeeping. A unary batch's request id and its answer are kept so that a retry gets the first answer
-- and applies nothing; a stream's acknowledged position is kept in the same transaction as each chunk it applied.
CREATE TABLE erp_sync_requests (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    request_id      TEXT NOT NULL,
    method          TEXT NOT NULL,
    -- One letter per record in request order: C(reated), U(pdated), N (unchanged), S(tale).
    results         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (partnership_id, request_id)
);

CREATE TABLE erp_sync_streams (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    stream_id       TEXT NOT NULL,
    position        INTEGER NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (partnership_id, stream_id)
);

-- Counts per ERP connection and record type for the sync health page.
CREATE TABLE erp_sync_stats (
    erp_client_id   INTEGER NOT NULL REFERENCES erp_clients (id),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    record_type     TEXT NOT NULL,
    created         INTEGER NOT NULL,
    updated         INTEGER NOT NULL,
    unchanged       INTEGER NOT NULL,
    stale           INTEGER NOT NULL,
    last_at         TEXT NOT NULL,
    PRIMARY KEY (erp_client_id, record_type)
);

-- The last refused records per ERP connection (the store keeps 100), written after the refused batch rolled back.
CREATE TABLE erp_sync_rejections (
    id              INTEGER PRIMARY KEY,
    erp_client_id   INTEGER NOT NULL REFERENCES erp_clients (id),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    occurred_at     TEXT NOT NULL,
    method          TEXT NOT NULL,
    request_id      TEXT NOT NULL,
    field           TEXT NOT NULL,
    reason          TEXT NOT NULL
);
CREATE INDEX ix_erp_sync_rejections_client ON erp_sync_rejections (erp_client_id, id);
