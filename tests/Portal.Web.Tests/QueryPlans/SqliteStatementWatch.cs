using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Portal.Web.Tests.QueryPlans;

/// <summary>
/// SQLite: a profile hook on each connection's handle records the text of every statement as it was prepared (parameters
/// unbound, so each query shape is recorded once); afterwards EXPLAIN QUERY PLAN runs on each.
/// </summary>
/// <remarks>
/// A plan step "SCAN t" reads all of t, also "SCAN t USING (COVERING) INDEX ix": an index walked end to end is bounded by
/// nothing, however narrow. "SEARCH t USING ... (partnership_id=?)" is bounded, unless
/// <see cref="StatementWatch.OwnersShareIsWhole"/> says otherwise for the statement. An automatic index or a Bloom filter
/// on t is built by reading all of t on every run, so those count as scans too. Plans name a table by its alias, so aliases
/// are resolved from the statement's FROM and JOIN clauses; scans of CTEs, subqueries and json_each never match a watched table.
/// </remarks>
public sealed partial class SqliteStatementWatch : StatementWatch
{
    private readonly ConcurrentDictionary<string, bool> _statements = new(StringComparer.Ordinal);

    public override IReadOnlyCollection<string> Statements => [.. _statements.Keys];

    public override Task InstallAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Pooled handles come back here on every open; installing again replaces the same hook.
        raw.sqlite3_profile(((SqliteConnection)connection).Handle, (_, statement, _) =>
        {
            if (Recording)
            {
                _statements.TryAdd(statement, true);
            }
        }, null);
        return Task.CompletedTask;
    }

    // The portal never runs ANALYZE, so SQLite plans from its built-in estimates, here as in production.
    public override Task PrepareAsync(string connectionString, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<IReadOnlyList<FullScan>> FindFullScansAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var scans = new List<FullScan>();
        foreach (var statement in _statements.Keys.Where(IsQuery))
        {
            var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(new CommandDefinition($"EXPLAIN QUERY PLAN {statement}", cancellationToken: cancellationToken))).ToList();
            var aliases = Aliases(statement);
            var tables = plan.Where(step => !IsInsertForeignKeyCheck(statement, step.Detail, aliases))
                .SelectMany(step => ReadsWhole(step.Detail, aliases, OwnersShareIsWhole(statement))).Distinct().Order(StringComparer.Ordinal).ToList();
            if (tables.Count > 0)
            {
                scans.Add(new FullScan(statement, tables, Render(plan)));
            }
        }
        return scans;
    }

    private static bool IsQuery(string statement) => QueryStart().IsMatch(statement);

    /// <summary>
    /// A step of an INSERT on a table the statement does not name: SQLite plans a look through each table whose foreign
    /// key refers to the table inserted into, to settle violations pending from earlier rows, and skips it at run time
    /// when none is pending, which with immediate constraints is always. A DELETE's look at the referring rows does run.
    /// </summary>
    private static bool IsInsertForeignKeyCheck(string statement, string detail, ILookup<string, string> aliases) =>
        InsertStart().IsMatch(statement) && PlanStep().Match(detail) is { Success: true } step && !aliases.Contains(step.Groups["name"].Value)
        && !Regex.IsMatch(statement, $@"\b{Regex.Escape(step.Groups["name"].Value)}\b");

    private static IEnumerable<string> ReadsWhole(string detail, ILookup<string, string> aliases, bool ownersShareIsWhole)
    {
        var step = PlanStep().Match(detail);
        if (!step.Success)
        {
            return [];
        }
        var wholeTable = step.Groups["kind"].Value is "SCAN" or "BLOOM FILTER ON" || detail.Contains("AUTOMATIC", StringComparison.Ordinal)
            || (ownersShareIsWhole && step.Groups["kind"].Value == "SEARCH" && IndexCondition().Match(detail) is { Success: true } bound
                && FullScan.BoundOnlyByOwner(bound.Groups["condition"].Value));
        if (!wholeTable)
        {
            return [];
        }
        var name = step.Groups["name"].Value;
        return aliases[name].Append(name).Where(FullScan.WatchedTables.Contains);
    }

    private static ILookup<string, string> Aliases(string statement) =>
        TableReference().Matches(statement)
            .Where(m => m.Groups["alias"].Success)
            .ToLookup(m => m.Groups["alias"].Value, m => m.Groups["table"].Value, StringComparer.Ordinal);

    private static string Render(IReadOnlyList<(long Id, long Parent, long NotUsed, string Detail)> plan)
    {
        var depth = new Dictionary<long, int> { [0] = 0 };
        return string.Join("\n", plan.Select(step =>
        {
            depth[step.Id] = depth.GetValueOrDefault(step.Parent) + 1;
            return $"{new string(' ', 2 * depth[step.Id])}{step.Detail}";
        }));
    }

    [GeneratedRegex(@"^\s*INSERT\b", RegexOptions.IgnoreCase)]
    private static partial Regex InsertStart();

    [GeneratedRegex(@"^\s*(SELECT|WITH|UPDATE|DELETE|INSERT|REPLACE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex QueryStart();

    // "SEARCH d USING INDEX ix_deliveries_partnership (partnership_id=?)": what bounds the search.
    [GeneratedRegex(@" USING .*INDEX \w+ \((?<condition>[^)]*)\)")]
    private static partial Regex IndexCondition();

    [GeneratedRegex(@"^(?<kind>SCAN|SEARCH|BLOOM FILTER ON) (?<name>\w+)")]
    private static partial Regex PlanStep();

    [GeneratedRegex(@"\b(?:FROM|JOIN|UPDATE|INTO)\s+(?<table>\w+)(?:\s+(?:AS\s+)?(?<alias>\w+))?", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();
}
