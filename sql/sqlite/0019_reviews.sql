-- "One company" review meetings: a review per meeting with its attendees, the agenda generated when it opens
-- (each item naming the record it came from), notes per item under optimistic concurrency (version), decisions,
-- action items owned by someone of either company, the frozen minutes, addenda, and the notices and digests of
-- the daily jobs.
CREATE TABLE reviews (
    id                        INTEGER PRIMARY KEY,
    partnership_id            INTEGER NOT NULL REFERENCES partnerships (id),
    state                     TEXT NOT NULL CHECK (state IN ('Scheduled', 'Open', 'Closed', 'Cancelled')),
    title                     TEXT NOT NULL,
    starts_at                 TEXT NOT NULL,
    time_zone                 TEXT NOT NULL,
    duration_minutes          INTEGER NOT NULL CHECK (duration_minutes > 0),
    place                     TEXT NOT NULL DEFAULT '',
    video_link                TEXT NOT NULL DEFAULT '',
    -- RFC 5545 SEQUENCE: raised on every reschedule, so calendars replace the event with the same UID.
    sequence                  INTEGER NOT NULL DEFAULT 0,
    scheduled_by_name         TEXT NOT NULL,
    scheduled_at              TEXT NOT NULL,
    opened_at                 TEXT NULL,
    closed_at                 TEXT NULL,
    closed_by_name            TEXT NULL,
    cancelled_at              TEXT NULL,
    cancel_reason             TEXT NULL,
    minutes_json              TEXT NULL,
    acknowledged_at           TEXT NULL,
    acknowledged_by_user_id   INTEGER NULL REFERENCES users (id),
    acknowledged_by_name      TEXT NULL
);
CREATE INDEX ix_reviews_partnership ON reviews (partnership_id, starts_at);

CREATE TABLE review_attendees (
    review_id       INTEGER NOT NULL REFERENCES reviews (id),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (review_id, user_id)
);

CREATE TABLE review_agenda_items (
    id               INTEGER PRIMARY KEY,
    review_id        INTEGER NOT NULL REFERENCES reviews (id),
    partnership_id   INTEGER NOT NULL REFERENCES partnerships (id),
    position         INTEGER NOT NULL,
    source_kind      TEXT NOT NULL,
    source_entity    TEXT NULL,
    source_id        INTEGER NULL,
    title            TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT '',
    link             TEXT NULL,
    carried_count    INTEGER NOT NULL DEFAULT 0,
    skipped_reason   TEXT NULL,
    notes            TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 0,
    updated_by_name  TEXT NULL,
    updated_at       TEXT NULL
);
CREATE INDEX ix_review_agenda_items_review ON review_agenda_items (review_id, position);

CREATE TABLE review_decisions (
    id                   INTEGER PRIMARY KEY,
    review_id            INTEGER NOT NULL REFERENCES reviews (id),
    agenda_item_id       INTEGER NOT NULL REFERENCES review_agenda_items (id),
    partnership_id       INTEGER NOT NULL REFERENCES partnerships (id),
    text                 TEXT NOT NULL,
    decided_by_name      TEXT NOT NULL,
    decided_by_customer  INTEGER NOT NULL,
    recorded_at          TEXT NOT NULL
);
CREATE INDEX ix_review_decisions_review ON review_decisions (review_id, agenda_item_id);

CREATE TABLE review_action_items (
    id                INTEGER PRIMARY KEY,
    partnership_id    INTEGER NOT NULL REFERENCES partnerships (id),
    review_id         INTEGER NOT NULL REFERENCES reviews (id),
    agenda_item_id    INTEGER NOT NULL REFERENCES review_agenda_items (id),
    title             TEXT NOT NULL,
    owner_user_id     INTEGER NOT NULL REFERENCES users (id),
    owner_customer    INTEGER NOT NULL,
    due_on            TEXT NOT NULL,
    link              TEXT NULL,
    state             TEXT NOT NULL CHECK (state IN ('Open', 'Done', 'Dropped')),
    drop_reason       TEXT NULL,
    -- How many later agendas carried it while open.
    carried_count     INTEGER NOT NULL DEFAULT 0,
    created_by_name   TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    closed_at         TEXT NULL,
    closed_by_name    TEXT NULL
);
CREATE INDEX ix_review_action_items_partnership ON review_action_items (partnership_id, state, due_on);
CREATE INDEX ix_review_action_items_owner ON review_action_items (owner_user_id, state, due_on);
CREATE INDEX ix_review_action_items_review ON review_action_items (review_id);

CREATE TABLE review_addenda (
    id               INTEGER PRIMARY KEY,
    review_id        INTEGER NOT NULL REFERENCES reviews (id),
    partnership_id   INTEGER NOT NULL REFERENCES partnerships (id),
    text             TEXT NOT NULL,
    author_name      TEXT NOT NULL,
    added_at         TEXT NOT NULL
);
CREATE INDEX ix_review_addenda_review ON review_addenda (review_id, added_at);

-- Each notice ("due in 3 days", "overdue") goes out once per action item, however often the job runs.
CREATE TABLE review_action_notices (
    action_item_id  INTEGER NOT NULL REFERENCES review_action_items (id),
    kind            TEXT NOT NULL CHECK (kind IN ('DueSoon', 'Overdue')),
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    notified_at     TEXT NOT NULL,
    PRIMARY KEY (action_item_id, kind)
);

-- One digest per person and day: what falls due for them in the next seven days, as the daily job found it.
CREATE TABLE work_digests (
    user_id      INTEGER NOT NULL REFERENCES users (id),
    digest_on    TEXT NOT NULL,
    items_json   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, digest_on)
);
