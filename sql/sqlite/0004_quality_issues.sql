-- Quality issues (8D): raised by either side against an item of the partnership, optionally narrowed to a
-- purchase order, a delivery and a lot that the ERP synced. Each issue has its eight steps as rows.
CREATE TABLE quality_issues (
    id                          INTEGER PRIMARY KEY,
    partnership_id              INTEGER NOT NULL REFERENCES partnerships (id),
    title                       TEXT NOT NULL,
    description                 TEXT NOT NULL,
    severity                    TEXT NOT NULL CHECK (severity IN ('Critical', 'Major', 'Minor')),
    state                       TEXT NOT NULL CHECK (state IN ('Open', 'Closed')),
    item_id                     INTEGER NOT NULL REFERENCES items (id),
    purchase_order_id           INTEGER NULL REFERENCES purchase_orders (id),
    delivery_id                 INTEGER NULL REFERENCES deliveries (id),
    lot                         TEXT NULL,
    quantity_affected           INTEGER NOT NULL CHECK (quantity_affected >= 0),
    quantity_inspected          INTEGER NOT NULL CHECK (quantity_inspected >= quantity_affected),
    raised_by_name              TEXT NOT NULL,
    raised_by_customer          INTEGER NOT NULL,
    raised_at                   TEXT NOT NULL,
    verification_accepted_at    TEXT NULL,
    verification_rejection      TEXT NULL,
    closed_at                   TEXT NULL,
    -- An ERP's retry of the same raise finds this key taken and gets the issue it already created.
    request_id                  TEXT NULL,
    UNIQUE (partnership_id, request_id)
);
CREATE INDEX ix_quality_issues_partnership ON quality_issues (partnership_id, state, raised_at);

CREATE TABLE quality_issue_steps (
    issue_id        INTEGER NOT NULL REFERENCES quality_issues (id),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    step            TEXT NOT NULL CHECK (step IN ('D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8')),
    owner_user_id   INTEGER NULL REFERENCES users (id),
    due_at          TEXT NOT NULL,
    done_at         TEXT NULL,
    details         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issue_id, step)
);
CREATE INDEX ix_quality_issue_steps_owner ON quality_issue_steps (owner_user_id);

-- A partnership may agree other containment windows than the defaults (24 h / 72 h / 7 days).
CREATE TABLE quality_containment_targets (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    severity        TEXT NOT NULL CHECK (severity IN ('Critical', 'Major', 'Minor')),
    hours           INTEGER NOT NULL CHECK (hours > 0),
    PRIMARY KEY (partnership_id, severity)
);
