-- Who owns D1–D3 of a new issue of this severity in this partnership, so that containment never starts unowned.
-- NULL: the partnership's quality engineer (or, without one, the supplier's account lead), chosen at raise time.
ALTER TABLE quality_containment_targets ADD COLUMN default_owner_user_id INTEGER NULL REFERENCES users (id);
