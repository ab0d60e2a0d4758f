-- Guarantees: a promise per partnership measured from ERP and portal data, period by period. Targets and
-- measured values are kept in thousandths (integers), because SQLite has no decimal type.
CREATE TABLE guarantees (
    id                       INTEGER PRIMARY KEY,
    partnership_id           INTEGER NOT NULL REFERENCES partnerships (id),
    metric                   TEXT NOT NULL CHECK (metric IN ('OnTimeInFull', 'QualityPpm', 'ContainmentOnTime', 'FeasibilityTurnaroundDays')),
    target_milli             INTEGER NOT NULL CHECK (target_milli >= 0),
    comparison               TEXT NOT NULL CHECK (comparison IN ('AtLeast', 'AtMost')),
    period                   TEXT NOT NULL CHECK (period IN ('Month', 'Quarter')),
    penalty_kind             TEXT NOT NULL CHECK (penalty_kind IN ('PercentOfInvoiced', 'FixedAmount')),
    penalty_basis_points     INTEGER NOT NULL DEFAULT 0 CHECK (penalty_basis_points BETWEEN 0 AND 10000),
    penalty_fixed_minor      INTEGER NOT NULL DEFAULT 0 CHECK (penalty_fixed_minor >= 0),
    cap_minor                INTEGER NOT NULL CHECK (cap_minor > 0),
    currency                 TEXT NOT NULL,
    effective_from           TEXT NOT NULL,
    effective_to             TEXT NULL,
    early_counts_as_on_time  INTEGER NOT NULL DEFAULT 1,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL
);
CREATE INDEX ix_guarantees_partnership ON guarantees (partnership_id);

-- One result per guarantee and period; Met and Missed are final, NoData is measured again on the next run.
CREATE TABLE guarantee_results (
    guarantee_id    INTEGER NOT NULL REFERENCES guarantees (id),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    period_start    TEXT NOT NULL,
    period_end      TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('Met', 'Missed', 'NoData')),
    measured_milli  INTEGER NULL,
    numerator       INTEGER NOT NULL,
    denominator     INTEGER NOT NULL,
    evaluated_at    TEXT NOT NULL,
    PRIMARY KEY (guarantee_id, period_start)
);

-- A missed period pays out at most once: the unique key is what makes the evaluation job idempotent.
CREATE TABLE penalty_credits (
    id                INTEGER PRIMARY KEY,
    partnership_id    INTEGER NOT NULL REFERENCES partnerships (id),
    guarantee_id      INTEGER NOT NULL REFERENCES guarantees (id),
    period_start      TEXT NOT NULL,
    period_end        TEXT NOT NULL,
    amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
    currency          TEXT NOT NULL,
    reason            TEXT NOT NULL,
    measured_milli    INTEGER NOT NULL,
    target_milli      INTEGER NOT NULL,
    invoiced_minor    INTEGER NOT NULL,
    source_table      TEXT NOT NULL,
    source_ids_json   TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('Issued', 'Voided')),
    issued_at         TEXT NOT NULL,
    void_reason       TEXT NULL,
    voided_by         INTEGER NULL REFERENCES users (id),
    voided_by_name    TEXT NULL,
    voided_at         TEXT NULL,
    UNIQUE (guarantee_id, period_start)
);
CREATE INDEX ix_penalty_credits_partnership ON penalty_credits (partnership_id, period_start);
