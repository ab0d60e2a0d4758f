using Npgsql;

namespace Portal.Data.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL cluster that test.sh starts, reached through PORTAL_TEST_POSTGRES. Tests never share a
/// database in it (see <see cref="PostgresDatabasePool"/>), so they can run in parallel.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "PORTAL_TEST_POSTGRES";

    public static string? ConnectionString { get; } = NullIfBlank(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Null when the cluster is there; otherwise why PostgreSQL cases cannot run.</summary>
    public static string? SkipReason => ConnectionString is null
        ? $"{Variable} is not set (./test.sh starts a throwaway PostgreSQL and sets it)."
        : null;

    public static async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = await OpenMaintenanceAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(Required) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using var connection = await OpenMaintenanceAsync();
        // FORCE ends the pooled connections that the stores under test leave open.
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Required => ConnectionString ?? throw new InvalidOperationException(SkipReason);

    private static async Task<NpgsqlConnection> OpenMaintenanceAsync()
    {
        // Unpooled: a pooled connection would sit in the maintenance database for the whole run.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Required) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
