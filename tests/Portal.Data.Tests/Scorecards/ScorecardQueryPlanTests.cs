using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Portal.Data.Database;
using Portal.Data.Scorecards;
using Portal.Data.Tests.Infrastructure;
using SQLitePCL;

namespace Portal.Data.Tests.Scorecards;

/// <summary>
/// The nightly catch-up runs for every partnership, so what it reads must not grow with a partnership's years of orders
/// (B4: 500 partnerships, 5 million lines). The plan-watch test of Portal.Web.Tests catches reads of a whole table; this
/// one catches the subtler read of a partnership's whole order history: where the catch-up starts (the first order's
/// day) is one step down an index on (partnership, ordered day), not a walk through every order of the partnership.
/// </summary>
public sealed class ScorecardQueryPlanTests
{
    private const string FirstOrderIndex = "ix_purchase_orders_ordered";

    [Theory, OnBothDatabases]
    public async Task The_catch_up_finds_the_first_order_day_through_an_index_not_the_order_history(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await ScorecardWorld.SeedAsync(db);
        var plans = new ConcurrentBag<string>();
        var watched = new PortalDatabase(new DatabaseOptions
        {
            Provider = provider,
            ConnectionString = db.Options.ConnectionString,
            ConnectionOpened = (connection, ct) => WatchAsync(connection, plans, ct),
        });

        await new ScorecardCalculator(watched, db.ScorecardMetrics, db.ScorecardTargets, db.Changes, db.Clock).CatchUpAsync(w.Job, w.A, Ct);

        var plan = provider == DatabaseProvider.Postgres
            ? plans.Distinct().Single(p => p.Contains("ordered_on", StringComparison.Ordinal))
            : await ExplainSqliteAsync(db, plans.Distinct().Single(s => s.Contains("MIN(o.ordered_on)", StringComparison.Ordinal)));
        Assert.True(plan.Contains(FirstOrderIndex, StringComparison.Ordinal), $"The first order is not read through {FirstOrderIndex}:\n{plan}");
        // Through the index's first entry only: SQLite answers MIN from a covering index, PostgreSQL with a LIMIT 1 over it.
        Assert.Contains(provider == DatabaseProvider.Postgres ? "Limit" : "COVERING INDEX", plan, StringComparison.Ordinal);
    }

    /// <summary>
    /// The portfolio sorts and counts every partnership of the scope, so each one must cost a few steps down the snapshot
    /// key and the open-alerts index, never a read of the snapshots or alerts whole (whose rows grow every month), in
    /// every order and filter; the page's series and alerts are read by the same keys.
    /// </summary>
    [Theory, OnBothDatabases]
    public async Task The_portfolio_reads_snapshots_and_alerts_through_their_keys_in_every_order(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var w = await PortfolioWorld.SeedAsync(db);
        await w.MonthAsync(w.A, PortfolioWorld.January, 90, HealthState.Green, 90, HealthState.Green);
        var february = await w.MonthAsync(w.A, PortfolioWorld.February, 40, HealthState.Red, 90, HealthState.Green);
        await w.AlertAsync(w.A, february, PortfolioWorld.February, ScorecardSide.Supplier);
        await w.MonthAsync(w.B, PortfolioWorld.February, 70, HealthState.Amber, null, HealthState.InsufficientData);
        var plans = new ConcurrentBag<string>();
        var watched = new PortfolioStore(new PortalDatabase(new DatabaseOptions
        {
            Provider = provider,
            ConnectionString = db.Options.ConnectionString,
            ConnectionOpened = (connection, ct) => WatchAsync(connection, plans, ct),
        }));
        var admin = await db.ScopeOfAsync(w.World.AdminId);

        foreach (var sort in Enum.GetValues<PortfolioSort>())
        {
            Assert.NotEmpty((await watched.GetPageAsync(admin, new PortfolioQuery(Sort: sort), 1, PortfolioWorld.Today, Ct)).Items);
        }
        await watched.GetPageAsync(admin, new PortfolioQuery(PortfolioState.Red, PortfolioSide.Supplier, "alpha", OpenAlertsOnly: true), 1, PortfolioWorld.Today, Ct);
        await watched.GetPageAsync(admin, new PortfolioQuery(), 5, PortfolioWorld.Today, Ct);

        var statements = plans.Distinct().Where(p => p.Contains("scorecard_snapshots", StringComparison.Ordinal) || p.Contains("health_alerts", StringComparison.Ordinal)).ToList();
        Assert.True(statements.Count >= 3, $"Only {statements.Count} portfolio statements were seen.");
        foreach (var statement in statements)
        {
            var plan = provider == DatabaseProvider.Postgres ? statement : await ExplainSqliteAsync(db, statement);
            var whole = provider == DatabaseProvider.Postgres
                ? Regex.Matches(plan, @"Seq Scan on (scorecard_snapshots|health_alerts)\b")
                : Regex.Matches(plan, @"^SCAN (x|y|s|a|cur|prev|r)\b", RegexOptions.Multiline);
            Assert.True(whole.Count == 0, $"The portfolio reads a table whole:\n{plan}\n\n{(provider == DatabaseProvider.Postgres ? "" : statement)}");
        }
    }

    /// <summary>
    /// SQLite: records each statement's text as it is prepared. PostgreSQL: auto_explain sends each statement's plan back
    /// as a notice; sequential scans are off, as years of history would make them (on a test-sized history the planner
    /// rightly reads a small table whole).
    /// </summary>
    private static async Task WatchAsync(DbConnection connection, ConcurrentBag<string> seen, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
        {
            raw.sqlite3_profile(sqlite.Handle, (_, statement, _) => seen.Add(statement), null);
            return;
        }
        var postgres = (NpgsqlConnection)connection;
        postgres.Notice += (_, e) => seen.Add(e.Notice.MessageText);
        await postgres.ExecuteAsync(new CommandDefinition(
            "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_level = notice; SET enable_seqscan = off;",
            cancellationToken: cancellationToken));
    }

    private static async Task<string> ExplainSqliteAsync(TestDatabase db, string statement)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        var steps = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(new CommandDefinition($"EXPLAIN QUERY PLAN {statement}", cancellationToken: Ct));
        return string.Join("\n", steps.Select(s => s.Detail));
    }
}
