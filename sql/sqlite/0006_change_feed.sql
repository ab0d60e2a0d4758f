-- The change feed: what the portal changed that a customer's ERP must learn, in order, per partnership.
-- Positions are handed out by the partnership's head row inside the writing transaction, so they are
-- gap-free: a second writer waits on the head row until the first commits or rolls back.
CREATE TABLE change_feed_heads (
    partnership_id  INTEGER PRIMARY KEY REFERENCES partnerships (id),
    head            INTEGER NOT NULL,
    -- Positions up to and including this one have been pruned; a cursor behind it must resync.
    pruned_through  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE change_feed (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    position        INTEGER NOT NULL,
    occurred_at     TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       INTEGER NOT NULL,
    change          TEXT NOT NULL,
    data_json       TEXT NOT NULL,
    PRIMARY KEY (partnership_id, position)
);
CREATE INDEX ix_change_feed_occurred ON change_feed (occurred_at);
