-- Monthly partnership scorecards. A month is stored as its first day. A snapshot is never changed: a recompute adds the
-- next revision, and the unique key is what lets two nodes or a retried job store one snapshot, not a check in code.
-- Values, targets, floors and scores are kept in thousandths (integers), because SQLite has no decimal type.
CREATE TABLE scorecard_snapshots (
    id                     INTEGER PRIMARY KEY,
    partnership_id         INTEGER NOT NULL REFERENCES partnerships (id),
    month                  TEXT NOT NULL,
    revision               INTEGER NOT NULL CHECK (revision >= 1),
    formula_version        TEXT NOT NULL,
    currency               TEXT NOT NULL,
    supplier_score_milli   INTEGER NULL,
    supplier_state         TEXT NOT NULL CHECK (supplier_state IN ('Green', 'Amber', 'Red', 'InsufficientData')),
    customer_score_milli   INTEGER NULL,
    customer_state         TEXT NOT NULL CHECK (customer_state IN ('Green', 'Amber', 'Red', 'InsufficientData')),
    computed_at            TEXT NOT NULL,
    computed_by_name       TEXT NOT NULL,
    reason                 TEXT NULL,
    UNIQUE (partnership_id, month, revision)
);

-- One row per metric of a snapshot: the inputs, what they were judged against, and the rows behind the value.
CREATE TABLE scorecard_metrics (
    snapshot_id        INTEGER NOT NULL REFERENCES scorecard_snapshots (id),
    metric             TEXT NOT NULL,
    side               TEXT NOT NULL CHECK (side IN ('Supplier', 'Customer')),
    numerator          INTEGER NOT NULL,
    denominator        INTEGER NOT NULL,
    value_milli        INTEGER NULL,
    target_milli       INTEGER NOT NULL,
    floor_milli        INTEGER NOT NULL,
    weight             INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
    score_milli        INTEGER NULL,
    state              TEXT NOT NULL CHECK (state IN ('Green', 'Amber', 'Red', 'NoData')),
    source_table       TEXT NOT NULL,
    evidence_ids_json  TEXT NOT NULL,
    formula_version    TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, metric)
);

-- A partnership's own targets; a metric without a row takes the default in ScorecardRules.
CREATE TABLE scorecard_targets (
    partnership_id   INTEGER NOT NULL REFERENCES partnerships (id),
    metric           TEXT NOT NULL,
    target_milli     INTEGER NOT NULL,
    floor_milli      INTEGER NOT NULL,
    weight           INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
    updated_at       TEXT NOT NULL,
    updated_by_name  TEXT NOT NULL,
    PRIMARY KEY (partnership_id, metric)
);

-- A side's drop from one month to the next, raised once per partnership, month and side (the unique key), open until
-- a review deals with it.
CREATE TABLE health_alerts (
    id                 INTEGER PRIMARY KEY,
    partnership_id     INTEGER NOT NULL REFERENCES partnerships (id),
    snapshot_id        INTEGER NOT NULL REFERENCES scorecard_snapshots (id),
    month              TEXT NOT NULL,
    side               TEXT NOT NULL CHECK (side IN ('Supplier', 'Customer')),
    from_state         TEXT NOT NULL,
    to_state           TEXT NOT NULL,
    from_score_milli   INTEGER NOT NULL,
    to_score_milli     INTEGER NOT NULL,
    raised_at          TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('Open', 'Closed')),
    closed_at          TEXT NULL,
    UNIQUE (partnership_id, month, side)
);
CREATE INDEX ix_health_alerts_open ON health_alerts (partnership_id, state);
