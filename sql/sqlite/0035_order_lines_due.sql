-- Order lines due per partnership and day, kept by the ERP writer in the same transaction as the lines (as
-- delivered_days keeps deliveries), so that a month's on time in full counts what fell due from at most one row a day
-- and reads only its late lines, through the partial index below, instead of every line due in it. Each line remembers
-- the day it was counted on (counted_due_on), so that a revision that moves its due date takes exactly that back.
ALTER TABLE purchase_order_lines ADD COLUMN counted_due_on TEXT NULL;
CREATE TABLE order_lines_due (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    due_on          TEXT NOT NULL,
    lines           INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, due_on)
);
UPDATE purchase_order_lines SET counted_due_on = due_on;
INSERT INTO order_lines_due (partnership_id, due_on, lines)
SELECT partnership_id, due_on, COUNT(*) FROM purchase_order_lines GROUP BY partnership_id, due_on;
-- The lines not on time in full (not covered by their due date, or not yet covered): the written-out negation of
-- "fulfilled_on <= due_on", which the on-time-in-full read repeats word for word so that both databases use it. With
-- fulfilled_on in it the index covers the read, and SQLite prefers it to ix_po_lines_partnership (which covers it too).
CREATE INDEX ix_po_lines_late ON purchase_order_lines (partnership_id, due_on, fulfilled_on)
WHERE fulfilled_on IS NULL OR fulfilled_on > due_on;
