-- What the customer's ERP tells us happened. Every record is keyed by the ERP's own external id within
-- the partnership and carries the ERP's revision, so that re-sends and stale updates change nothing.
CREATE TABLE items (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    external_id     TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    sku             TEXT NOT NULL,
    name            TEXT NOT NULL,
    unit            TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (partnership_id, external_id)
);

CREATE TABLE purchase_orders (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    external_id     TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    number          TEXT NOT NULL,
    ordered_on      TEXT NOT NULL,
    currency        TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (partnership_id, external_id)
);

CREATE TABLE purchase_order_lines (
    id                 INTEGER PRIMARY KEY,
    partnership_id     INTEGER NOT NULL REFERENCES partnerships (id),
    purchase_order_id  INTEGER NOT NULL REFERENCES purchase_orders (id),
    line_no            INTEGER NOT NULL,
    item_id            INTEGER NOT NULL REFERENCES items (id),
    quantity           INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor   INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    due_on             TEXT NOT NULL,
    UNIQUE (purchase_order_id, line_no)
);
CREATE INDEX ix_po_lines_partnership ON purchase_order_lines (partnership_id, due_on);

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    external_id     TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    delivered_on    TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (partnership_id, external_id)
);
CREATE INDEX ix_deliveries_partnership ON deliveries (partnership_id, delivered_on);

CREATE TABLE delivery_lines (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    delivery_id     INTEGER NOT NULL REFERENCES deliveries (id),
    line_no         INTEGER NOT NULL,
    po_line_id      INTEGER NOT NULL REFERENCES purchase_order_lines (id),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    lot             TEXT NULL,
    UNIQUE (delivery_id, line_no)
);
CREATE INDEX ix_delivery_lines_po_line ON delivery_lines (po_line_id);

CREATE TABLE invoices (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    external_id     TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    number          TEXT NOT NULL,
    purchase_order_id INTEGER NULL REFERENCES purchase_orders (id),
    issued_on       TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency        TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (partnership_id, external_id)
);
CREATE INDEX ix_invoices_partnership ON invoices (partnership_id, due_on);

CREATE TABLE payments (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    external_id     TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    invoice_id      INTEGER NOT NULL REFERENCES invoices (id),
    paid_on         TEXT NOT NULL,
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    currency        TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (partnership_id, external_id)
);
