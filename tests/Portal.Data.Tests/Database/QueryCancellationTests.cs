using System.Diagnostics;
using Dapper;
using Portal.Data.Database;
using Portal.Data.Tests.Infrastructure;

namespace Portal.Data.Tests.Database;

/// <summary>
/// A cancelled caller stops its statement in the database, on the path every store uses (PortalDatabase.OpenAsync):
/// the call ends promptly after the cancellation with an OperationCanceledException and the database is idle.
/// </summary>
public sealed class QueryCancellationTests
{
    // Counts to two billion: minutes of work in either database, so only a cancellation can end it within the test.
    private const string SlowCount = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) SELECT COUNT(*) FROM n";

    /// <summary>
    /// How soon after the cancellation it must be over: well under a second on a quiet machine, but a loaded CI box has
    /// taken 1.3 s for the same kind of stop (DeadlineTests); against minutes of work, 5 s still proves the point.
    /// </summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Theory, OnBothDatabases]
    public async Task A_cancelled_read_stops_its_statement_promptly(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var read = Task.Run(async () =>
        {
            await using var connection = await db.Database.OpenAsync(caller.Token);
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(SlowCount, cancellationToken: caller.Token));
        }, Ct);
        await WaitUntilRunningAsync(db, read);
        var stopping = Stopwatch.StartNew();
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, Promptly);
        await AssertIdleAsync(db);
    }

    [Theory, OnBothDatabases]
    public async Task A_cancelled_write_transaction_rolls_back_and_frees_the_write_lock_at_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var write = Task.Run(() => db.Database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO organisations (name, kind, created_at) VALUES ('Held', 'Customer', @At)", new { At = TestDatabase.Start }, transaction, cancellationToken: caller.Token));
            await connection.ExecuteScalarAsync<long>(new CommandDefinition(SlowCount, transaction: transaction, cancellationToken: caller.Token));
        }, caller.Token), Ct);
        await WaitUntilRunningAsync(db, write);
        await caller.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);

        // SQLite's busy timeout is ten seconds: a lock still held would make this write wait that long.
        var writing = Stopwatch.StartNew();
        await db.Database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO organisations (name, kind, created_at) VALUES ('Next', 'Customer', @At)", new { At = TestDatabase.Start }, transaction, cancellationToken: Ct)), Ct);
        Assert.InRange(writing.Elapsed, TimeSpan.Zero, Promptly);
        await using var check = await db.Database.OpenAsync(Ct);
        Assert.Equal(["Next"], await check.QueryAsync<string>(new CommandDefinition("SELECT name FROM organisations", cancellationToken: Ct)));
    }

    [Fact]
    public async Task On_SQLite_the_token_given_to_OpenAsync_stops_a_statement_that_was_not_given_one()
    {
        await using var db = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await using var connection = await db.Database.OpenAsync(caller.Token);

        var read = Task.Run(() => connection.ExecuteScalarAsync<long>(SlowCount), Ct);
        await Task.Delay(200, Ct);
        var stopping = Stopwatch.StartNew();
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, Promptly);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task A_connection_back_from_the_pool_is_not_interrupted_by_its_previous_caller()
    {
        await using var db = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite);
        using var previous = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await (await db.Database.OpenAsync(previous.Token)).DisposeAsync();
        await using var connection = await db.Database.OpenAsync(Ct);

        var read = Task.Run(() => connection.ExecuteScalarAsync<long>("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) SELECT COUNT(*) FROM n"), Ct);
        await previous.CancelAsync();

        Assert.Equal(1_000_000, await read);
    }

    /// <summary>PostgreSQL shows the statement in pg_stat_activity; SQLite runs it on the calling thread, so a pause must do.</summary>
    private static async Task WaitUntilRunningAsync(TestDatabase db, Task work)
    {
        if (!db.Database.Dialect.IsPostgres)
        {
            await Task.Delay(200, Ct);
            Assert.False(work.IsCompleted, "The slow statement ended before it was cancelled.");
            return;
        }
        // Waits for the slow statement itself: a write test's INSERT before it is active for a moment too.
        for (var attempt = 0; attempt < 100 && await ActiveStatementsAsync(db, SlowCount) == 0; attempt++)
        {
            Assert.False(work.IsCompleted, "The slow statement ended before it was cancelled.");
            await Task.Delay(20, Ct);
        }
        Assert.Equal(1, await ActiveStatementsAsync(db, SlowCount));
    }

    private static async Task AssertIdleAsync(TestDatabase db)
    {
        if (db.Database.Dialect.IsPostgres)
        {
            Assert.Equal(0, await ActiveStatementsAsync(db));
            return;
        }
        var reading = Stopwatch.StartNew();
        await using var connection = await db.Database.OpenAsync(Ct);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: Ct)));
        Assert.InRange(reading.Elapsed, TimeSpan.Zero, Promptly);
    }

    /// <summary>Statements running in this test's database, other than the one asking; only those of the given text if one is given.</summary>
    private static async Task<long> ActiveStatementsAsync(TestDatabase db, string? text = null)
    {
        await using var connection = await db.Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND (@text IS NULL OR query = @text)",
            new { text }, cancellationToken: Ct));
    }
}
