-- Order lines due per partnership and day, kept by the ERP writer in the same transaction as the lines (as
-- delivered_days keeps deliveries), so that a month's on time in full counts what fell due from at most one row a day
-- and reads only its late lines, through the partial index below, instead of every line due in it. Each line remembers
-- the day it was counted on (counted_due_on), so that a revision that moves its due date takes exactly that back.
ALTER TABLE purchase_order_lines ADD COLUMN counted_due_on DATE NULL;
CREATE TABLE order_lines_due (
    partnership_id  BIGINT NOT NULL REFERENCES partnerships (id),
    due_on          DATE NOT NULL,
    lines           BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, due_on)
);
UPDATE purchase_order_lines SET counted_due_on = due_on;
INSERT INTO order_lines_due (partnership_id, due_on, lines)
SELECT partnership_id, due_on, COUNT(*) FROM purchase_order_lines GROUP BY partnership_id, due_on;
-- The lines not on time in full (not covered by their due date, or not yet covered): the written-out negation of
-- "fulfilled_on <= due_on", which the on-time-in-full read repeats word for word so that both databases use it. Its
-- key columns are SQLite's (which needs fulfilled_on in it to prefer it); the id makes it cover the read here.
CREATE INDEX ix_po_lines_late ON purchase_order_lines (partnership_id, due_on, fulfilled_on) INCLUDE (id)
WHERE fulfilled_on IS NULL OR fulfilled_on > due_on;
