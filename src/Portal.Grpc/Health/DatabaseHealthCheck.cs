using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Data.Database;

namespace Portal.Grpc.Health;

/// <summary>A node that cannot reach its database cannot serve an ERP: the load balancer should skip it.</summary>
public sealed class DatabaseHealthCheck(PortalDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
        return HealthCheckResult.Healthy();
    }
}
