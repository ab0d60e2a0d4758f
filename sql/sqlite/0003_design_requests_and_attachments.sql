-- Attachments (shared by every feature that keeps files) and joint product-design requests.
CREATE TABLE attachments (
    id                   INTEGER PRIMARY KEY,
    partnership_id       INTEGER NOT NULL REFERENCES partnerships (id),
    owner_type           TEXT NOT NULL,
    owner_id             INTEGER NOT NULL,
    file_name            TEXT NOT NULL,
    content_type         TEXT NOT NULL,
    size_bytes           INTEGER NOT NULL,
    sha256               TEXT NOT NULL,
    supplier_only        INTEGER NOT NULL DEFAULT 0,
    uploaded_by_user_id  INTEGER NULL REFERENCES users (id),
    uploaded_at          TEXT NOT NULL
);
CREATE INDEX ix_attachments_owner ON attachments (partnership_id, owner_type, owner_id);

-- The bytes live in the database, apart from the metadata, so that every node serves the same files.
CREATE TABLE attachment_contents (
    attachment_id  INTEGER PRIMARY KEY REFERENCES attachments (id),
    content        BLOB NOT NULL
);

-- Per-partnership overrides of the default target durations (in working days) of the design stages.
CREATE TABLE design_stage_targets (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    stage           TEXT NOT NULL,
    working_days    INTEGER NOT NULL CHECK (working_days > 0),
    PRIMARY KEY (partnership_id, stage)
);

CREATE TABLE design_requests (
    id                     INTEGER PRIMARY KEY,
    partnership_id         INTEGER NOT NULL REFERENCES partnerships (id),
    title                  TEXT NOT NULL,
    application            TEXT NOT NULL,
    operating_conditions   TEXT NOT NULL,
    annual_volume          INTEGER NOT NULL,
    target_price_minor     INTEGER NULL,
    currency               TEXT NOT NULL,
    needed_by              TEXT NULL,
    standards              TEXT NOT NULL,
    description            TEXT NOT NULL,
    stage                  TEXT NOT NULL,
    stage_owner_user_id    INTEGER NULL REFERENCES users (id),
    stage_planned_end      TEXT NULL,
    verdict                TEXT NULL,
    verdict_conditions     TEXT NULL,
    alternative_name       TEXT NULL,
    alternative_reason     TEXT NULL,
    alternative_link       TEXT NULL,
    verdict_at             TEXT NULL,
    raised_by_user_id      INTEGER NULL REFERENCES users (id),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX ix_design_requests_partnership ON design_requests (partnership_id, stage);

CREATE TABLE design_request_stages (
    id                 INTEGER PRIMARY KEY,
    design_request_id  INTEGER NOT NULL REFERENCES design_requests (id),
    stage              TEXT NOT NULL,
    owner_user_id      INTEGER NULL REFERENCES users (id),
    started_on         TEXT NOT NULL,
    planned_end        TEXT NULL,
    ended_on           TEXT NULL
);
CREATE INDEX ix_design_request_stages_request ON design_request_stages (design_request_id, id);

CREATE TABLE design_request_comments (
    id                 INTEGER PRIMARY KEY,
    design_request_id  INTEGER NOT NULL REFERENCES design_requests (id),
    author_user_id     INTEGER NULL REFERENCES users (id),
    author_name        TEXT NOT NULL,
    body               TEXT NOT NULL,
    is_internal        INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL
);
CREATE INDEX ix_design_request_comments_request ON design_request_comments (design_request_id, created_at);
