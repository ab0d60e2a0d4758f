using System.Reflection;
using Portal.Data.Database;
using Xunit.Sdk;
using Xunit.v3;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// Runs a theory once per database, passing the <see cref="DatabaseProvider"/>: SQLite always, PostgreSQL when
/// <see cref="TestDatabase.PostgresVariable"/> is set (otherwise that case is reported as skipped, with the reason).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllDatabasesAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new(
        [
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Sqlite),
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Postgres) { Skip = TestDatabase.PostgresSkipReason },
        ]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
