-- Sign-in sessions kept server-side: the auth cookie names one, and every request checks that it still exists, so
-- signing out (which deletes the row) ends the session on every node at once, even for a copied cookie.
-- seen_at moves when the sliding cookie is renewed; a session not seen for longer than the cookie lives is dead.
CREATE TABLE user_sessions (
    id          TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    started_at  TIMESTAMPTZ NOT NULL,
    seen_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id, seen_at);
