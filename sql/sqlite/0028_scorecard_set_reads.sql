-- The scorecard measures action items done on time by their due day, for every partnership at once: without this the
-- month's items are found by reading every item the partnership ever had (the other indexes lead with state or owner).
-- (PostgreSQL also gets the order lines' id into the lines' index; SQLite keeps the rowid in every index already.)
CREATE INDEX ix_review_action_items_due ON review_action_items (partnership_id, due_on);
