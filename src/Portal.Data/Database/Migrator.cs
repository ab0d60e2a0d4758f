using System.Reflection;
using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Portal.Data.Database;

/// <summary>
/// Applies the embedded scripts of sql/&lt;dialect&gt;/ in order, each in a transaction. On PostgreSQL the
/// whole upgrade runs under a session advisory lock so that nodes starting together never race.
/// </summary>
public sealed class Migrator(PortalDatabase database, DatabaseOptions options, ILogger<Migrator> logger)
{
    // Arbitrary but fixed: every node must ask for the same lock.
    private const long AdvisoryLockKey = 7_215_004_001;

    public Task MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(() => Task.CompletedTask, cancellationToken);

    /// <summary>
    /// Upgrades the schema, then runs <paramref name="afterUpgrade"/> (the demo seed) while still holding the
    /// lock, so that two nodes starting together neither race on the schema nor seed twice.
    /// </summary>
    public async Task MigrateAsync(Func<Task> afterUpgrade, CancellationToken cancellationToken = default)
    {
        if (database.Dialect.IsPostgres)
        {
            await using var lockConnection = new NpgsqlConnection(options.ConnectionString);
            await lockConnection.OpenAsync(cancellationToken);
            await lockConnection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: cancellationToken));
            try
            {
                Upgrade(DeployChanges.To.PostgresqlDatabase(options.ConnectionString));
                await RebuildBalancesAsync(cancellationToken);
                await afterUpgrade();
            }
            finally
            {
                await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey });
            }
        }
        else
        {
            // Opening once creates the file and switches it to WAL before DbUp touches it.
            await using (await database.OpenAsync(cancellationToken))
            {
            }
            Upgrade(DeployChanges.To.SqliteDatabase(database.ConnectionString));
            await RebuildBalancesAsync(cancellationToken);
            await afterUpgrade();
        }
    }

    /// <summary>
    /// Builds the running balances of the partnerships a migration left waiting (0012 introduced them over existing
    /// records), one partnership per transaction so that a stop half-way resumes where it was.
    /// </summary>
    private async Task RebuildBalancesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var pending = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT partnership_id FROM erp_balance_rebuilds ORDER BY partnership_id", cancellationToken: cancellationToken))).ToList();
        foreach (var partnershipId in pending)
        {
            await database.InTransactionAsync(async (c, t) =>
            {
                await new Erp.ErpBalances(c, t, database.Dialect, partnershipId).RebuildAsync(cancellationToken);
                await c.ExecuteAsync(new CommandDefinition("DELETE FROM erp_balance_rebuilds WHERE partnership_id = @partnershipId",
                    new { partnershipId }, t, cancellationToken: cancellationToken));
            }, cancellationToken);
        }
        if (pending.Count > 0)
        {
            logger.BalancesBuilt(pending.Count);
        }
    }

    private void Upgrade(UpgradeEngineBuilder builder)
    {
        var folder = $".sql.{database.Dialect.ScriptFolder}.";
        var result = builder
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(folder, StringComparison.Ordinal))
            .WithTransaction()
            .LogTo(new DbUpLogger(logger))
            .Build()
            .PerformUpgrade();
        if (result.Successful && result.Scripts.Any() && logger.IsEnabled(LogLevel.Information))
        {
            logger.MigrationsApplied(result.Scripts.Count(), string.Join(", ", result.Scripts.Select(s => s.Name)));
        }
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }
    }

    private sealed class DbUpLogger(ILogger logger) : DbUp.Engine.Output.IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.DbUpInformation(Format(format, args));
            }
        }

        public void LogWarning(string format, params object[] args) => logger.DbUpWarning(Format(format, args));
        public void LogError(string format, params object[] args) => logger.DbUpError(null, Format(format, args));
        public void LogError(Exception ex, string format, params object[] args) => logger.DbUpError(ex, Format(format, args));

        private static string Format(string format, object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
