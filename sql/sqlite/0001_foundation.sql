-- Organisations, people, partnerships, ERP clients, audit trail, notifications, shared keys.
CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('Supplier', 'Customer')),
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_organisations_name ON organisations (lower(name));
-- There is exactly one supplier: the company that runs the portal.
CREATE UNIQUE INDEX ux_organisations_one_supplier ON organisations (kind) WHERE kind = 'Supplier';

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    organisation_id      INTEGER NOT NULL REFERENCES organisations (id),
    email                TEXT NOT NULL,
    normalized_email     TEXT NOT NULL,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL,
    password_hash        TEXT NULL,
    security_stamp       TEXT NOT NULL,
    concurrency_stamp    TEXT NOT NULL,
    is_active            INTEGER NOT NULL DEFAULT 1,
    lockout_enabled      INTEGER NOT NULL DEFAULT 1,
    lockout_end          TEXT NULL,
    access_failed_count  INTEGER NOT NULL DEFAULT 0,
    two_factor_enabled   INTEGER NOT NULL DEFAULT 0,
    authenticator_key    TEXT NULL,
    last_totp_step       INTEGER NULL,
    created_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_users_normalized_email ON users (normalized_email);
CREATE INDEX ix_users_organisation ON users (organisation_id);

CREATE TABLE partnerships (
    id                     INTEGER PRIMARY KEY,
    supplier_org_id        INTEGER NOT NULL REFERENCES organisations (id),
    customer_org_id        INTEGER NOT NULL REFERENCES organisations (id),
    name                   TEXT NOT NULL,
    currency               TEXT NOT NULL,
    supplier_lead_user_id  INTEGER NULL REFERENCES users (id),
    customer_lead_user_id  INTEGER NULL REFERENCES users (id),
    created_at             TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_partnerships_customer ON partnerships (customer_org_id);

-- Supplier staff assigned to a partnership (admins see all without a row here).
CREATE TABLE partnership_members (
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (partnership_id, user_id)
);

CREATE TABLE erp_clients (
    id               INTEGER PRIMARY KEY,
    client_id        TEXT NOT NULL,
    partnership_id   INTEGER NOT NULL REFERENCES partnerships (id),
    display_name     TEXT NOT NULL,
    secret_hash      TEXT NOT NULL,
    scopes           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    revoked_at       TEXT NULL
);
CREATE UNIQUE INDEX ux_erp_clients_client_id ON erp_clients (client_id);

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER NULL REFERENCES partnerships (id),
    occurred_at     TEXT NOT NULL,
    actor_kind      TEXT NOT NULL,
    actor_id        INTEGER NULL,
    actor_name      TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    action          TEXT NOT NULL,
    before_json     TEXT NULL,
    after_json      TEXT NULL
);
CREATE INDEX ix_audit_log_partnership ON audit_log (partnership_id, occurred_at);

CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    partnership_id  INTEGER NULL REFERENCES partnerships (id),
    created_at      TEXT NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    link            TEXT NULL,
    read_at         TEXT NULL
);
CREATE INDEX ix_notifications_user ON notifications (user_id, read_at);

-- Keys every node must share (cookie data-protection keys, token signing keys).
CREATE TABLE shared_keys (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
