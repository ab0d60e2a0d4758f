-- Equipment loans: the supplier's register of lendable equipment (supplier-only, no partnership), loans of it
-- to a partnership's customer with their lifecycle events, the register's maintenance log, the once-per-loan
-- overdue alert, and a partnership's agreed share of rent credited when a loan converts to a purchase.
CREATE TABLE equipment (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    model               TEXT NOT NULL,
    serial              TEXT NOT NULL,
    value_minor         INTEGER NOT NULL CHECK (value_minor >= 0),
    currency            TEXT NOT NULL,
    location            TEXT NOT NULL DEFAULT '',
    condition           TEXT NOT NULL CHECK (condition IN ('New', 'Good', 'Fair', 'Poor', 'Damaged')),
    notes               TEXT NOT NULL DEFAULT '',
    available_for_loan  INTEGER NOT NULL DEFAULT 1,
    retired             INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_equipment_serial ON equipment (lower(serial));

CREATE TABLE equipment_maintenance (
    id              INTEGER PRIMARY KEY,
    equipment_id    INTEGER NOT NULL REFERENCES equipment (id),
    performed_on    TEXT NOT NULL,
    work            TEXT NOT NULL,
    performed_by    TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX ix_equipment_maintenance_equipment ON equipment_maintenance (equipment_id, performed_on);

CREATE TABLE equipment_loans (
    id                      INTEGER PRIMARY KEY,
    partnership_id          INTEGER NOT NULL REFERENCES partnerships (id),
    equipment_id            INTEGER NOT NULL REFERENCES equipment (id),
    purpose                 TEXT NOT NULL,
    starts_on               TEXT NOT NULL,
    ends_on                 TEXT NOT NULL,
    monthly_fee_minor       INTEGER NOT NULL CHECK (monthly_fee_minor >= 0),
    deposit_minor           INTEGER NOT NULL CHECK (deposit_minor >= 0),
    currency                TEXT NOT NULL,
    terms                   TEXT NOT NULL DEFAULT '',
    state                   TEXT NOT NULL CHECK (state IN ('Requested', 'Approved', 'Shipped', 'InUse', 'ReturnDue', 'Returned',
                                                           'ConvertedToPurchase', 'WrittenOff', 'Declined', 'Cancelled')),
    requested_by_name       TEXT NOT NULL,
    requested_by_customer   INTEGER NOT NULL,
    requested_at            TEXT NOT NULL,
    in_use_since            TEXT NULL,
    condition_at_shipping   TEXT NULL,
    condition_at_return     TEXT NULL,
    rent_credit_percent     INTEGER NULL,
    conversion_price_minor  INTEGER NULL,
    closed_at               TEXT NULL,
    CHECK (ends_on >= starts_on)
);
-- An item is on at most one active loan: the database decides, so two approvals racing cannot both win.
CREATE UNIQUE INDEX ux_equipment_loans_one_active ON equipment_loans (equipment_id)
    WHERE state IN ('Approved', 'Shipped', 'InUse', 'ReturnDue');
CREATE INDEX ix_equipment_loans_partnership ON equipment_loans (partnership_id, state);

CREATE TABLE equipment_loan_events (
    id              INTEGER PRIMARY KEY,
    loan_id         INTEGER NOT NULL REFERENCES equipment_loans (id),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    occurred_at     TEXT NOT NULL,
    actor_name      TEXT NOT NULL,
    actor_customer  INTEGER NOT NULL,
    from_state      TEXT NULL,
    to_state        TEXT NOT NULL,
    condition       TEXT NULL,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_equipment_loan_events_loan ON equipment_loan_events (loan_id, occurred_at);

-- The overdue alert goes out once per loan, however often the job runs: this key decides.
CREATE TABLE equipment_loan_overdue_alerts (
    loan_id         INTEGER PRIMARY KEY REFERENCES equipment_loans (id),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    notified_at     TEXT NOT NULL
);

-- A partnership's agreed share of rent paid that counts towards a purchase; without a row the default applies.
CREATE TABLE loan_rent_credit (
    partnership_id  INTEGER PRIMARY KEY REFERENCES partnerships (id),
    percent         INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100)
);
