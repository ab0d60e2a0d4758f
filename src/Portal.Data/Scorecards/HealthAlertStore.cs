using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Scorecards;

/// <summary>
/// Health alerts as pages and the review-meeting agenda read them (the open ones of a partnership, newest first), and
/// their closing by the account people of either company.
/// </summary>
public sealed class HealthAlertStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    /// <summary>How long a closing note may be.</summary>
    public const int NoteMaxLength = 500;

    internal const string Columns = """
        a.id, a.partnership_id, a.snapshot_id, a.month, a.side, a.from_state, a.to_state, a.from_score_milli, a.to_score_milli, a.raised_at, a.state,
        a.closed_at, a.closed_by_name, a.close_note
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

    /// <summary>
    /// Closes an open alert of the partnership with an optional note, into the trail and the change feed. Null when the
    /// alert is not the partnership's or the partnership not the caller's; a refusal for anyone but the supplier's admins
    /// and account leads and the customer's lead; a field error when it is closed already.
    /// </summary>
    public Task<HealthAlert?> CloseAsync(CallerScope scope, long partnershipId, long alertId, string? note, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await connection.QuerySingleOrDefaultAsync<HealthAlert>(new CommandDefinition(
                $"""
                SELECT {Columns} FROM health_alerts a
                WHERE a.id = @alertId AND a.partnership_id = @partnershipId AND {database.Dialect.IsIn("a.partnership_id", "@Allowed")}{database.Dialect.ForUpdate}
                """, new { alertId, partnershipId, Allowed = scope.PartnershipIds }, transaction, cancellationToken: cancellationToken));
            if (before is null)
            {
                return null;
            }
            scope.Require(Permission.CloseHealthAlerts);
            if (!before.IsOpen)
            {
                throw Invalid("State", $"This health alert was closed already{(before.ClosedByName is { } by ? $" by {by}" : "")}.");
            }
            var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
            if (trimmed?.Length > NoteMaxLength)
            {
                throw Invalid("Note", $"Keep the note under {NoteMaxLength} characters.");
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE health_alerts SET state = @Closed, closed_at = @Now, closed_by_name = @ActorName, close_note = @trimmed WHERE id = @alertId",
                new { Closed = HealthAlert.ClosedState, Now = clock.GetUtcNow(), scope.ActorName, trimmed, alertId }, transaction, cancellationToken: cancellationToken));
            var after = await GetAsync(connection, transaction, alertId, cancellationToken);
            await changes.RecordAsync(connection, transaction, scope,
                ChangeKinds.HealthAlert.Of(partnershipId, alertId, HealthAlertChange.Closed, before, after).Saying(trimmed), cancellationToken);
            return after;
        }, cancellationToken);

    internal static async Task<HealthAlert> GetAsync(DbConnection connection, DbTransaction transaction, long alertId, CancellationToken cancellationToken) =>
        await connection.QuerySingleAsync<HealthAlert>(new CommandDefinition(
            $"SELECT {Columns} FROM health_alerts a WHERE a.id = @alertId", new { alertId }, transaction, cancellationToken: cancellationToken));

    private static ValidationException Invalid(string field, string message) => new(new Dictionary<string, string> { [field] = message });
}
