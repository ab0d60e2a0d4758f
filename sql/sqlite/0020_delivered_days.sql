-- Quantity delivered per day, kept by the ERP writer in the same transaction as the deliveries, so that ppm over a
-- window reads at most one row per day instead of every delivery line in it. Each delivery remembers what it added
-- (counted_on, counted_quantity), so that a newer revision takes exactly that back before it adds its own.
ALTER TABLE deliveries ADD COLUMN counted_on TEXT NULL;
ALTER TABLE deliveries ADD COLUMN counted_quantity INTEGER NOT NULL DEFAULT 0;
CREATE TABLE delivered_days (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    on_date         TEXT NOT NULL,
    quantity        INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, on_date)
);
-- The migrator rebuilds every partnership's balances, the new totals included, right after this script.
INSERT INTO erp_balance_rebuilds (partnership_id) SELECT id FROM partnerships WHERE TRUE ON CONFLICT DO NOTHING;
