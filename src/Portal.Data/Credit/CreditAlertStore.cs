using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Partnerships;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Credit;

/// <summary>
/// The daily credit alerts of one partnership: utilisation at 80 % and 100 %, and an approved extension ending within
/// a week. Each alert is a row keyed by (partnership, alert); the insert is ON CONFLICT DO NOTHING and people are told
/// only when the insert made the row, so a re-run, a retry or a second node sends nothing twice. A utilisation row is
/// deleted once utilisation is back under its threshold, so the next crossing alerts again.
/// </summary>
public sealed class CreditAlertStore(PortalDatabase database, CreditStore credit, NotificationStore notifications, TimeProvider clock)
{
    /// <summary>
    /// The ids of the partnerships that have a credit line, for the daily job's fan-out. Ids only: each partnership's
    /// work then runs in a system scope of that one partnership.
    /// </summary>
    public async Task<IReadOnlyList<long>> PartnershipsWithLinesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition("SELECT partnership_id FROM credit_lines ORDER BY partnership_id", cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Raises the alerts that hold today and have not fired yet; returns how many alerts fired (0 outside the scope or without a line).</summary>
    public async Task<int> RaiseDueAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        if (await credit.GetStandingAsync(scope, partnershipId, cancellationToken) is not { } standing)
        {
            return 0;
        }
        var (position, arrangements) = (standing.Position, standing.Arrangements);
        var today = position.AsOf;
        var holding = CreditRules.AlertKeys(position, arrangements, today);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var rearmed = CreditRules.AlertThresholds.Select(CreditRules.UtilisationKey).Except(holding).ToList();
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM credit_alerts WHERE partnership_id = @partnershipId AND {database.Dialect.IsIn("alert_key", "@rearmed")}",
                new { partnershipId, rearmed }, transaction, cancellationToken: cancellationToken));
            var fired = 0;
            foreach (var key in holding)
            {
                var inserted = await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO credit_alerts (partnership_id, alert_key, raised_at) VALUES (@partnershipId, @key, @Now) ON CONFLICT (partnership_id, alert_key) DO NOTHING",
                    new { partnershipId, key, Now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
                if (inserted == 0)
                {
                    continue;
                }
                fired++;
                var people = (await PartnershipPeople.ListAsync(connection, transaction, partnershipId, cancellationToken))
                    .Where(p => p.Role is PortalRole.Finance or PortalRole.AccountLead or PortalRole.CustomerLead).Select(p => p.UserId);
                var (title, body) = Message(key, position, arrangements);
                await notifications.NotifyAsync(connection, transaction, partnershipId, people, title, body, new NotificationTarget(ChangeKinds.CreditLine.Entity, null), cancellationToken);
            }
            return fired;
        }, cancellationToken);
    }

    private static (string Title, string Body) Message(string key, CreditPosition position, IReadOnlyList<CreditArrangement> arrangements)
    {
        var figures = $"{CreditFigures.Exposure} {Money.Format(position.ExposureMinor, position.Currency)} of a credit limit in force of {Money.Format(position.EffectiveLimitMinor, position.Currency)}.";
        foreach (var threshold in CreditRules.AlertThresholds)
        {
            if (key == CreditRules.UtilisationKey(threshold))
            {
                return ($"Credit utilisation at {position.UtilisationPercent} % (≥ {threshold} %)", figures);
            }
        }
        var extension = arrangements.Single(a => CreditRules.ExtensionEndingKey(a.Id) == key);
        return ($"Credit extension ends on {extension.EndsOn:yyyy-MM-dd}", $"{CreditStore.Describe(extension)} ends in {extension.EndsOn.DayNumber - position.AsOf.DayNumber} day(s). {figures}");
    }
}
