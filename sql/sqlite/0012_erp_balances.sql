-- Running balances kept by the ERP writer in the same transaction as the records, so that credit, aging and the
-- dashboard read what is open now and one total per month, never the whole history.
-- Invoices: payments in the invoice's currency, summed; the last one's day; the day they first covered the amount
-- (NULL while something is owed; 0001-01-01 for an invoice of nothing).
ALTER TABLE invoices ADD COLUMN paid_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN last_paid_on TEXT NULL;
ALTER TABLE invoices ADD COLUMN settled_on TEXT NULL;
-- Order lines: quantity received in all, and the day receipts first covered the ordered quantity.
ALTER TABLE purchase_order_lines ADD COLUMN delivered_quantity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE purchase_order_lines ADD COLUMN fulfilled_on TEXT NULL;

-- Each record's outstanding amount as steps (see OutstandingSteps): replaced whenever the record or what reduces it changes.
CREATE TABLE exposure_steps (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    source          TEXT NOT NULL CHECK (source IN ('invoice', 'order_line')),
    source_id       INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    on_date         TEXT NOT NULL,
    delta_minor     INTEGER NOT NULL
);
CREATE INDEX ix_exposure_steps_source ON exposure_steps (source, source_id);
CREATE INDEX ix_exposure_steps_day ON exposure_steps (partnership_id, source, currency, on_date, delta_minor);

-- The steps summed per month (month = its first day): exposure at a month's end is the sum of the months up to it.
CREATE TABLE exposure_months (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    source          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    month           TEXT NOT NULL,
    delta_minor     INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, source, currency, month)
);

-- Partnerships whose balances are still to be built from their records (done by the migrator right after this script).
CREATE TABLE erp_balance_rebuilds (partnership_id INTEGER PRIMARY KEY REFERENCES partnerships (id));
INSERT INTO erp_balance_rebuilds (partnership_id) SELECT id FROM partnerships;

CREATE INDEX ix_payments_invoice ON payments (invoice_id);
CREATE INDEX ix_payments_currency ON payments (partnership_id, currency, paid_on);
-- Open invoices of a currency, with every column the credit figures read, so that they come from the index alone.
CREATE INDEX ix_invoices_open ON invoices (partnership_id, currency, settled_on, due_on, issued_on, amount_minor, paid_minor, last_paid_on);
CREATE INDEX ix_invoices_settled ON invoices (partnership_id, settled_on, due_on, amount_minor, paid_minor);
CREATE INDEX ix_invoices_issued ON invoices (partnership_id, issued_on, amount_minor);
CREATE INDEX ix_po_lines_fulfilled ON purchase_order_lines (partnership_id, fulfilled_on);
DROP INDEX ix_po_lines_partnership;
CREATE INDEX ix_po_lines_partnership ON purchase_order_lines (partnership_id, due_on, fulfilled_on);
