using System.Reflection;
using Portal.Data.Database;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Portal.Tests;

/// <summary>
/// Runs a theory once per database: <c>[Theory, OnBothDatabases]</c> on a method taking a <see cref="DatabaseProvider"/>.
/// SQLite always; PostgreSQL when <see cref="Variable"/> holds a connection string to a server (test.sh sets it),
/// otherwise that case is reported as skipped, with the reason. The one attribute of every test project.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnBothDatabasesAttribute : DataAttribute
{
    public const string Variable = "PORTAL_TEST_POSTGRES";

    public static string? SkipReason => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))
        ? $"{Variable} is not set (./test.sh starts a throwaway PostgreSQL and sets it)."
        : null;

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new([
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Sqlite),
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Postgres) { Skip = SkipReason },
        ]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
