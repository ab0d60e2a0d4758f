-- A snapshot's metrics move into its own row as one JSON array: they are only ever read with their snapshot and never
-- change once stored, and the night a month closes writes one row a partnership instead of seventeen (bench/RESULTS.md, B4).
ALTER TABLE scorecard_snapshots ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '[]';

UPDATE scorecard_snapshots SET metrics_json = (
    SELECT json_group_array(json_object(
        'metric', m.metric, 'side', m.side, 'numerator', m.numerator, 'denominator', m.denominator, 'value_milli', m.value_milli,
        'target_milli', m.target_milli, 'floor_milli', m.floor_milli, 'weight', m.weight, 'score_milli', m.score_milli, 'state', m.state,
        'source_table', m.source_table, 'evidence_ids', json(m.evidence_ids_json)))
    FROM scorecard_metrics m WHERE m.snapshot_id = scorecard_snapshots.id)
WHERE EXISTS (SELECT 1 FROM scorecard_metrics m WHERE m.snapshot_id = scorecard_snapshots.id);

DROP TABLE scorecard_metrics;
