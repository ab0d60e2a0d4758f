-- A snapshot's metrics move into its own row as one JSON array, one array a metric (the order of StoredMetric): they are
-- only ever read with their snapshot and never change once stored, and the night a month closes writes one row a
-- partnership instead of seventeen (bench/RESULTS.md, B4).
ALTER TABLE scorecard_snapshots ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '[]';

UPDATE scorecard_snapshots SET metrics_json = (
    SELECT json_group_array(json_array(
        m.metric, m.side, m.numerator, m.denominator, m.value_milli, m.target_milli, m.floor_milli, m.weight, m.score_milli, m.state,
        m.source_table, json(m.evidence_ids_json)))
    FROM scorecard_metrics m WHERE m.snapshot_id = scorecard_snapshots.id)
WHERE EXISTS (SELECT 1 FROM scorecard_metrics m WHERE m.snapshot_id = scorecard_snapshots.id);

DROP TABLE scorecard_metrics;
