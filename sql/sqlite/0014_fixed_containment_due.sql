-- The containment (D3) due time fixed when an issue is raised, and re-fixed only by a change of severity. The
-- containment guarantee measures against it, so that moving D3's working due date cannot turn a late containment
-- into an on-time one (or the reverse) and shift penalty credits.
ALTER TABLE quality_issues ADD COLUMN containment_due_at TEXT NULL;

-- Issues raised before this keep the due time their D3 shows now: the only record there is of what was fixed.
-- (SQLite cannot add a NOT NULL column without a default; every raise sets it from now on.)
UPDATE quality_issues SET containment_due_at = (SELECT s.due_at FROM quality_issue_steps s WHERE s.issue_id = quality_issues.id AND s.step = 'D3');

-- The containment guarantee reads a partnership's issues by their fixed containment due time.
CREATE INDEX ix_quality_issues_containment_due ON quality_issues (partnership_id, containment_due_at);
