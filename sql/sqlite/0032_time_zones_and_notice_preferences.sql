-- Each person reads times in their own zone (an IANA id), by default their organisation's; an admin sets the latter.
ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE users ADD COLUMN time_zone TEXT NULL;

-- How a person wants each kind of notice: in the portal (the default, so no row), in the daily digest, or not at all.
CREATE TABLE notification_preferences (
    user_id   INTEGER NOT NULL REFERENCES users (id),
    kind      TEXT NOT NULL,
    delivery  TEXT NOT NULL CHECK (delivery IN ('Portal', 'Digest', 'None')),
    PRIMARY KEY (user_id, kind)
);

-- A notice held for the digest is stored at once (with its tenancy check) but stays out of the list until the daily job
-- gathers it into that day's digest notice; one digest notice per person and day, whatever the job's re-runs.
ALTER TABLE notifications ADD COLUMN held_for_digest INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN digest_id INTEGER NULL REFERENCES notifications (id);
ALTER TABLE notifications ADD COLUMN digest_on TEXT NULL;
CREATE UNIQUE INDEX ux_notifications_digest ON notifications (user_id, digest_on);
CREATE INDEX ix_notifications_held ON notifications (user_id) WHERE held_for_digest = TRUE AND digest_id IS NULL;
-- The foreign key's own index: without it every insert or delete of a notice scans the table for notices gathered into it.
CREATE INDEX ix_notifications_digest_id ON notifications (digest_id);
