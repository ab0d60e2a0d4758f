-- How far each ERP client has read its partnership's change feed: the last position a GetChanges or WatchChanges
-- delivered to it and when. Compared with the feed's head it gives the client's lag on the connections page.
CREATE TABLE change_feed_reads (
    erp_client_id   INTEGER PRIMARY KEY REFERENCES erp_clients (id),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    last_position   INTEGER NOT NULL,
    last_read_at    TEXT NOT NULL
);
CREATE INDEX ix_change_feed_reads_partnership ON change_feed_reads (partnership_id);
