-- A snapshot's metrics move into its own row as one JSON array, one array a metric (the order of StoredMetric): they are
-- only ever read with their snapshot and never change once stored, and the night a month closes writes one row a
-- partnership instead of seventeen (bench/RESULTS.md, B4).
ALTER TABLE scorecard_snapshots ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '[]';

UPDATE scorecard_snapshots s SET metrics_json = m.metrics
FROM (
    SELECT snapshot_id, json_agg(json_build_array(
        metric, side, numerator, denominator, value_milli, target_milli, floor_milli, weight, score_milli, state, source_table,
        evidence_ids_json::json))::text AS metrics
    FROM scorecard_metrics GROUP BY snapshot_id
) m
WHERE m.snapshot_id = s.id;

DROP TABLE scorecard_metrics;
