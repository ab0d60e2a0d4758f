using System.Data.Common;
using System.Diagnostics;
using Dapper;

namespace Portal.Bench;

/// <summary>
/// B4's write floor: the least that storing a month's scorecards can cost, whatever the code. The rows the job stored
/// for the month (each snapshot as stored, its trail row, its feed entry) are copied by the database itself from
/// temporary tables holding them (no encoding, no parameters, no round trip a row: cheaper than any way a client can
/// hand them over) into the same tables with the same indexes, and committed as the portal commits (SQLite WAL with
/// synchronous=FULL; PostgreSQL as the cluster is configured). Then they are removed. Issue 14 requires at least these
/// rows, in one transaction; the health alerts (a few rows) are left out, so that the floor only errs low.
/// </summary>
public static class ScorecardWriteFloor
{
    private const string Copy = "WriteFloor";

    /// <summary>The quickest of <paramref name="rounds"/> copies of <paramref name="month"/>'s stored rows, committed.</summary>
    public static async Task<TimeSpan> MeasureAsync(BenchDatabase store, bool postgres, DateOnly month, int rounds)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync();
        if (!postgres) await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        var stored = new { month = store.Day(month) };
        await connection.ExecuteAsync(
            """
            -- A snapshot's id can come back after the bench deleted the month to compute it again: its latest trail row and feed entry are this month's.
            CREATE TEMP TABLE floor_snapshots AS
                SELECT partnership_id, revision, formula_version, currency, supplier_score_milli, supplier_state, customer_score_milli, customer_state,
                       metrics_json, computed_at, computed_by_name, reason
                FROM scorecard_snapshots WHERE month = @month;
            CREATE TEMP TABLE floor_trail AS
                SELECT a.partnership_id, a.occurred_at, a.actor_kind, a.actor_id, a.actor_name, a.entity, a.entity_id, a.before_json, a.after_json, a.note
                FROM scorecard_snapshots s
                JOIN audit_log a ON a.id = (SELECT MAX(l.id) FROM audit_log l
                                            WHERE l.partnership_id = s.partnership_id AND l.entity = 'ScorecardSnapshot' AND l.entity_id = CAST(s.id AS TEXT))
                WHERE s.month = @month;
            CREATE TEMP TABLE floor_feed AS
                SELECT f.partnership_id, f.occurred_at, f.entity, f.entity_id, f.data_json
                FROM scorecard_snapshots s
                JOIN change_feed f ON f.partnership_id = s.partnership_id
                                  AND f.position = (SELECT MAX(l.position) FROM change_feed l
                                                    WHERE l.partnership_id = s.partnership_id AND l.entity = 'ScorecardSnapshot' AND l.entity_id = s.id)
                WHERE s.month = @month;
            """, stored, commandTimeout: 600);
        // A month no bench history reaches: the copies cannot meet a snapshot the job stored.
        var far = new { far = store.Day(new DateOnly(2999, 12, 1)), Copy };
        var quickest = TimeSpan.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            await EmptyWalAsync(connection, postgres);
            var watch = Stopwatch.StartNew();
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO scorecard_snapshots (partnership_id, month, revision, formula_version, currency, supplier_score_milli, supplier_state,
                                                     customer_score_milli, customer_state, metrics_json, computed_at, computed_by_name, reason)
                    SELECT partnership_id, @far, revision, formula_version, currency, supplier_score_milli, supplier_state, customer_score_milli, customer_state,
                           metrics_json, computed_at, computed_by_name, reason
                    FROM floor_snapshots;
                    INSERT INTO audit_log (partnership_id, occurred_at, actor_kind, actor_id, actor_name, entity, entity_id, action, before_json, after_json, note)
                    SELECT partnership_id, occurred_at, actor_kind, actor_id, actor_name, entity, entity_id, @Copy, before_json, after_json, note FROM floor_trail;
                    INSERT INTO change_feed_heads (partnership_id, head) SELECT partnership_id, 1 FROM floor_feed WHERE true ORDER BY partnership_id
                    ON CONFLICT (partnership_id) DO UPDATE SET head = change_feed_heads.head + 1;
                    INSERT INTO change_feed (partnership_id, position, occurred_at, entity, entity_id, change, data_json)
                    SELECT f.partnership_id, h.head, f.occurred_at, f.entity, f.entity_id, @Copy, f.data_json
                    FROM floor_feed f JOIN change_feed_heads h ON h.partnership_id = f.partnership_id;
                    """, far, transaction, commandTimeout: 600);
                await transaction.CommitAsync();
            }
            var elapsed = watch.Elapsed;
            if (elapsed < quickest) quickest = elapsed;
            await connection.ExecuteAsync(
                """
                DELETE FROM scorecard_snapshots WHERE month = @far;
                DELETE FROM audit_log WHERE partnership_id IN (SELECT partnership_id FROM floor_trail) AND action = @Copy;
                DELETE FROM change_feed WHERE partnership_id IN (SELECT partnership_id FROM floor_feed) AND change = @Copy;
                UPDATE change_feed_heads SET head = head - 1 WHERE partnership_id IN (SELECT partnership_id FROM floor_feed);
                """, far, commandTimeout: 600);
        }
        await EmptyWalAsync(connection, postgres);
        // The pool hands this connection, temporary tables and all, to the next caller.
        await connection.ExecuteAsync("DROP TABLE floor_snapshots; DROP TABLE floor_trail; DROP TABLE floor_feed;");
        return quickest;
    }

    /// <summary>
    /// SQLite: the WAL's pages moved into the database first, so that a commit's checkpoint copies no page it did not
    /// write itself (the floor errs low), and so that the next round's reads do not look through the copies' deletion
    /// (a baseline took 88 ms instead of 53 after it).
    /// </summary>
    private static async Task EmptyWalAsync(DbConnection connection, bool postgres)
    {
        // The first column is 1 when a reader kept the checkpoint from finishing: the WAL would not be empty.
        if (!postgres && await connection.ExecuteScalarAsync<long>("PRAGMA wal_checkpoint(TRUNCATE)") != 0)
        {
            throw new InvalidOperationException("A reader kept the WAL from being checkpointed; stop whatever else has the database open.");
        }
    }
}
