using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Portal.Web.Tests.QueryPlans;

/// <summary>
/// PostgreSQL: each connection loads auto_explain, which sends the plan of every statement it executes (with the values
/// it ran with) back as a notice. Sequential scans, hash joins and merge joins are turned off: on a test-sized history
/// the planner rightly prefers reading a small table whole, while years of history force each table to be reached
/// through an index, one partnership or one row at a time. A plan that still reads a watched table whole has no index
/// to do otherwise.
/// </summary>
/// <remarks>
/// A "Seq Scan" of a watched table reads all of it. With sequential scans off the planner would rather walk a whole
/// index than scan the table, so an index scan whose condition does not constrain the index's first column (or that
/// has no condition at all) counts as a full scan too, unless the index is partial: its predicate bounds it.
/// <see cref="StatementWatch.OwnersShareIsWhole"/> is not judged here: whether PostgreSQL reads a partnership's share or
/// looks up the rows named depends on its row estimates, which this watch skews on purpose (no partnership statistics, a
/// small history), so the same statement's plan says nothing about a portal of many customers; SQLite plans from fixed
/// estimates, the same whatever the data.
/// </remarks>
public sealed class PostgresStatementWatch : StatementWatch
{
    // A plan per statement text: the first one that scans, else the first one seen.
    private readonly ConcurrentDictionary<string, JsonNode> _plans = new(StringComparer.Ordinal);

    public override IReadOnlyCollection<string> Statements => [.. _plans.Keys];

    public override async Task InstallAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var postgres = (NpgsqlConnection)connection;
        postgres.Notice += (_, e) => Record(e.Notice.MessageText);
        // Npgsql resets a pooled session (DISCARD ALL) when it is returned, so every open sets these again.
        await using var command = new NpgsqlCommand(
            """
            LOAD 'auto_explain';
            SET auto_explain.log_min_duration = 0;
            SET auto_explain.log_level = notice;
            SET auto_explain.log_format = json;
            SET enable_seqscan = off;
            SET enable_hashjoin = off;
            SET enable_mergejoin = off;
            """, postgres);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Gathers statistics now (autovacuum would at a moment of its choosing), except how rows spread over partnerships:
    /// here customer A holds most of every table, which would rightly make reading a whole table look as good as reading
    /// A's part. Without that statistic PostgreSQL takes one partnership for a small share, as in a portal with many customers.
    /// </summary>
    public override async Task PrepareAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            DO $$
            DECLARE t regclass;
            BEGIN
                FOR t IN SELECT a.attrelid::regclass FROM pg_attribute a
                         JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'partnership_id' AND NOT a.attisdropped
                LOOP
                    EXECUTE format('ALTER TABLE %s ALTER COLUMN partnership_id SET STATISTICS 0', t);
                END LOOP;
            END $$;
            DELETE FROM pg_statistic s USING pg_attribute a WHERE a.attrelid = s.starelid AND a.attnum = s.staattnum AND a.attname = 'partnership_id';
            ANALYZE;
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<IReadOnlyList<FullScan>> FindFullScansAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var leadingColumns = (await connection.QueryAsync<(string Index, string Column, bool Partial)>(new CommandDefinition(
                """
                SELECT c.relname, a.attname, x.indpred IS NOT NULL FROM pg_index x
                JOIN pg_class c ON c.oid = x.indexrelid
                JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public'
                """, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Index, r => (r.Column, r.Partial), StringComparer.Ordinal);
        var scans = new List<FullScan>();
        foreach (var (statement, plan) in _plans)
        {
            var tables = Nodes(plan).SelectMany(n => ReadsWhole(n, leadingColumns)).Distinct().Order(StringComparer.Ordinal).ToList();
            if (tables.Count > 0)
            {
                scans.Add(new FullScan(statement, tables, Render(plan, 1, new StringBuilder()).ToString()));
            }
        }
        return scans;
    }

    private void Record(string message)
    {
        var json = message.IndexOf('{', StringComparison.Ordinal);
        if (!Recording || json < 0)
        {
            return;
        }
        var explained = JsonNode.Parse(message[json..])!;
        var statement = explained["Query Text"]!.GetValue<string>();
        var plan = explained["Plan"]!;
        _plans.AddOrUpdate(statement, plan, (_, seen) => Nodes(seen).Any(n => ReadsWhole(n, null).Any()) ? seen : plan);
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode plan) =>
        (plan["Plans"]?.AsArray() ?? []).OfType<JsonNode>().SelectMany(Nodes).Prepend(plan);

    /// <summary>The watched table that <paramref name="node"/> reads whole; without the leading columns only sequential scans are judged.</summary>
    private static IEnumerable<string> ReadsWhole(JsonNode node, IReadOnlyDictionary<string, (string Column, bool Partial)>? leadingColumns)
    {
        if (node["Relation Name"]?.GetValue<string>() is not { } table || !FullScan.WatchedTables.Contains(table))
        {
            return [];
        }
        var type = node["Node Type"]!.GetValue<string>();
        if (type == "Seq Scan")
        {
            return [table];
        }
        if (leadingColumns is null || type is not ("Index Scan" or "Index Only Scan"))
        {
            return [];
        }
        var condition = node["Index Cond"]?.GetValue<string>();
        var (leading, partial) = leadingColumns.GetValueOrDefault(node["Index Name"]!.GetValue<string>());
        if (partial)
        {
            // A partial index holds only the rows its predicate admits (the notices held for a digest, say), and the
            // planner takes it only for a statement that asks for no others: its predicate is the bound.
            return [];
        }
        return condition is not null && leading is not null && Regex.IsMatch(condition, $@"\b{Regex.Escape(leading)}\b") ? [] : [table];
    }

    private static StringBuilder Render(JsonNode node, int depth, StringBuilder text)
    {
        text.Append(' ', 2 * depth).Append(node["Node Type"]!.GetValue<string>());
        if (node["Relation Name"] is { } relation)
        {
            text.Append(" on ").Append(relation.GetValue<string>()).Append(' ').Append(node["Alias"]?.GetValue<string>());
        }
        if (node["Index Name"] is { } index)
        {
            text.Append(" using ").Append(index.GetValue<string>());
        }
        foreach (var detail in new[] { "Index Cond", "Filter", "Join Filter", "Hash Cond" })
        {
            if (node[detail] is { } value)
            {
                text.Append($"  [{detail}: {value.GetValue<string>()}]");
            }
        }
        text.Append('\n');
        foreach (var child in (node["Plans"]?.AsArray() ?? []).OfType<JsonNode>())
        {
            Render(child, depth + 1, text);
        }
        return text;
    }
}
