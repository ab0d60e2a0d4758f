-- Flexible credit: one credit line per partnership, and the arrangements that bend it for a while (a temporary
-- limit extension or a hardship deferral of some invoices' due dates), each decided by supplier Finance.
CREATE TABLE credit_lines (
    id                  INTEGER PRIMARY KEY,
    partnership_id      INTEGER NOT NULL UNIQUE REFERENCES partnerships (id),
    limit_minor         INTEGER NOT NULL CHECK (limit_minor >= 0),
    currency            TEXT NOT NULL,
    payment_terms_days  INTEGER NOT NULL CHECK (payment_terms_days >= 0),
    count_open_orders   INTEGER NOT NULL,
    updated_at          TEXT NOT NULL,
    updated_by_name     TEXT NOT NULL
);

CREATE TABLE credit_arrangements (
    id                     INTEGER PRIMARY KEY,
    partnership_id         INTEGER NOT NULL REFERENCES partnerships (id),
    kind                   TEXT NOT NULL CHECK (kind IN ('TemporaryExtension', 'HardshipDeferral')),
    -- Extension: extra limit in the line's currency. Deferral: move due dates by days or to one date.
    extension_minor        INTEGER NULL CHECK (extension_minor > 0),
    deferral_days          INTEGER NULL CHECK (deferral_days > 0),
    deferred_to            TEXT NULL,
    currency               TEXT NOT NULL,
    reason                 TEXT NOT NULL,
    starts_on              TEXT NOT NULL,
    ends_on                TEXT NOT NULL,
    state                  TEXT NOT NULL CHECK (state IN ('Requested', 'Approved', 'Declined', 'Withdrawn')),
    requested_by_user_id   INTEGER NULL REFERENCES users (id),
    requested_by_name      TEXT NOT NULL,
    requested_by_customer  INTEGER NOT NULL,
    requested_at           TEXT NOT NULL,
    decided_by_user_id     INTEGER NULL REFERENCES users (id),
    decided_by_name        TEXT NULL,
    decided_at             TEXT NULL,
    decision_note          TEXT NULL,
    CHECK (ends_on > starts_on)
);
CREATE INDEX ix_credit_arrangements_partnership ON credit_arrangements (partnership_id, state);

CREATE TABLE credit_arrangement_invoices (
    arrangement_id  INTEGER NOT NULL REFERENCES credit_arrangements (id),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    invoice_id      INTEGER NOT NULL REFERENCES invoices (id),
    PRIMARY KEY (arrangement_id, invoice_id)
);

-- One row per alert that has fired and still holds: the daily job inserts with ON CONFLICT DO NOTHING and
-- notifies only when its insert made the row, so re-runs stay quiet. A utilisation key is removed when
-- utilisation falls below its threshold again, so the next crossing alerts once more.
CREATE TABLE credit_alerts (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    alert_key       TEXT NOT NULL,
    raised_at       TEXT NOT NULL,
    PRIMARY KEY (partnership_id, alert_key)
);
