using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Quality;

/// <summary>A partnership's agreed containment windows, where they differ from the defaults. New issues use them; raised ones keep their due dates.</summary>
public sealed class ContainmentTargetStore(PortalDatabase database, ChangeRecorder changes)
{
    public Task<bool> SetAsync(CallerScope scope, long partnershipId, Severity severity, int hours, CancellationToken cancellationToken = default)
    {
        scope.Require(Permission.AgreeTerms);
        if (hours <= 0)
        {
            throw new ValidationException(new Dictionary<string, string> { ["Hours"] = "The containment window must be at least one hour." });
        }
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!scope.CanSee(partnershipId))
            {
                return false;
            }
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO quality_containment_targets (partnership_id, severity, hours) VALUES (@partnershipId, @Severity, @hours)
                ON CONFLICT (partnership_id, severity) DO UPDATE SET hours = excluded.hours
                """, new { partnershipId, Severity = severity.ToString(), hours }, transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope,
                ChangeKinds.ContainmentTarget.Of(partnershipId, severity.ToString(), ContainmentTargetChange.Set, null, new ContainmentTargetState(severity, hours)), cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Severity, int>> GetAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Severity, int Hours)>(new CommandDefinition(
            $"SELECT severity, hours FROM quality_containment_targets WHERE partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")}",
            new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => Enum.Parse<Severity>(r.Severity), r => r.Hours);
    }
}
