-- Indexes for reads that pages, gRPC calls and jobs run against years of history. Without each one, the statement
-- named beside it read a whole table (QueryPlanTests explains every statement the product runs and fails on that).

-- A partnership's lots: the recent lots offered when raising a quality issue, and the check of a raised lot.
CREATE INDEX ix_delivery_lines_partnership_lot ON delivery_lines (partnership_id, lot);

-- Notification retention deletes read notifications by age; unread ones stay, so they stay out of the index too.
CREATE INDEX ix_notifications_read ON notifications (read_at) WHERE read_at IS NOT NULL;

-- Change feed retention asks each partnership whether it has entries older than the cutoff, and prunes them;
-- nothing asks by age alone across partnerships any more.
DROP INDEX ix_change_feed_occurred;
CREATE INDEX ix_change_feed_partnership_occurred ON change_feed (partnership_id, occurred_at);
