-- A snapshot's metrics move into its own row as one JSON array: they are only ever read with their snapshot and never
-- change once stored, and the night a month closes writes one row a partnership instead of seventeen (bench/RESULTS.md, B4).
ALTER TABLE scorecard_snapshots ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '[]';

UPDATE scorecard_snapshots s SET metrics_json = m.metrics
FROM (
    SELECT snapshot_id, json_agg(json_build_object(
        'metric', metric, 'side', side, 'numerator', numerator, 'denominator', denominator, 'value_milli', value_milli,
        'target_milli', target_milli, 'floor_milli', floor_milli, 'weight', weight, 'score_milli', score_milli, 'state', state,
        'source_table', source_table, 'evidence_ids', evidence_ids_json::json))::text AS metrics
    FROM scorecard_metrics GROUP BY snapshot_id
) m
WHERE m.snapshot_id = s.id;

DROP TABLE scorecard_metrics;
