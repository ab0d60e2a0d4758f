using System.Reflection;
using Portal.Data.Database;
using Xunit.Sdk;
using Xunit.v3;

namespace Portal.Data.Tests.Infrastructure;

/// <summary>
/// Runs a theory once per database: <c>[Theory, OnBothDatabases]</c> on a method taking a
/// <see cref="DatabaseProvider"/>. The PostgreSQL row is reported as skipped, with the reason, when no
/// cluster is configured.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnBothDatabasesAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new([
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Sqlite),
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Postgres) { Skip = PostgresServer.SkipReason },
        ]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
