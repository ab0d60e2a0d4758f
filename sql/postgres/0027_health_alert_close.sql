-- A health alert is closed by a person of either company with an optional note: who closed it and why stay on the row
-- (the trail keeps the same), so that the health page and the review agenda can say so without reading the trail.
ALTER TABLE health_alerts ADD COLUMN closed_by_name TEXT NULL;
ALTER TABLE health_alerts ADD COLUMN close_note TEXT NULL;
