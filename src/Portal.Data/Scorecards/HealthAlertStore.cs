using System.Data.Common;
using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Scorecards;

/// <summary>Health alerts as pages and the review-meeting agenda read them: the open ones of a partnership, newest first.</summary>
public sealed class HealthAlertStore(PortalDatabase database)
{
    internal const string Columns = """
        a.id, a.partnership_id, a.snapshot_id, a.month, a.side, a.from_state, a.to_state, a.from_score_milli, a.to_score_milli, a.raised_at, a.state
        """;

    /// <summary>The open alerts of a partnership; empty when it is not the caller's.</summary>
    public async Task<IReadOnlyList<HealthAlert>> GetOpenAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<HealthAlert>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM health_alerts a
            WHERE a.partnership_id = @partnershipId AND {database.Dialect.IsIn("a.partnership_id", "@Allowed")} AND a.state = 'Open'
            ORDER BY a.month DESC, a.side
            """, new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    internal static async Task<HealthAlert> GetAsync(DbConnection connection, DbTransaction transaction, long alertId, CancellationToken cancellationToken) =>
        await connection.QuerySingleAsync<HealthAlert>(new CommandDefinition(
            $"SELECT {Columns} FROM health_alerts a WHERE a.id = @alertId", new { alertId }, transaction, cancellationToken: cancellationToken));
}
