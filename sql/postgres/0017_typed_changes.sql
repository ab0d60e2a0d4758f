-- Notifications name what they are about (entity and id) instead of a URL the data layer built; the web layer
-- renders the link. Rows written before keep their link and are shown with it.
ALTER TABLE notifications ADD COLUMN entity TEXT NULL;
ALTER TABLE notifications ADD COLUMN entity_id BIGINT NULL;
-- What the actor said with a change (a reason, a decision note, a comment), beside the before/after states.
ALTER TABLE audit_log ADD COLUMN note TEXT NULL;
