using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Quality;

/// <summary>
/// A partnership's agreed containment windows and the default owner of D1–D3, per severity, where they differ from the
/// defaults. New issues use them; raised ones keep their due dates and owners.
/// </summary>
public sealed class ContainmentTargetStore(PortalDatabase database, ChangeRecorder changes)
{
    /// <summary>
    /// Sets the window and the default owner (null: the partnership's quality engineer). The owner must be an active
    /// person of the supplier's side of this partnership, because D1–D3 are the supplier's work.
    /// </summary>
    public Task<bool> SetAsync(CallerScope scope, long partnershipId, Severity severity, int hours, long? defaultOwnerUserId, CancellationToken cancellationToken = default)
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
            string? ownerName = null;
            if (defaultOwnerUserId is { } owner)
            {
                if (!await QualityWorkflowStore.CanOwnAsync(connection, transaction, partnershipId, owner, QualitySide.Supplier, cancellationToken))
                {
                    throw new ValidationException(new Dictionary<string, string> { [$"{severity}Owner"] = "Choose an active person of the supplier's side of this partnership." });
                }
                ownerName = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT display_name FROM users WHERE id = @owner", new { owner }, transaction, cancellationToken: cancellationToken));
            }
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO quality_containment_targets (partnership_id, severity, hours, default_owner_user_id) VALUES (@partnershipId, @Severity, @hours, @defaultOwnerUserId)
                ON CONFLICT (partnership_id, severity) DO UPDATE SET hours = excluded.hours, default_owner_user_id = excluded.default_owner_user_id
                """, new { partnershipId, Severity = severity.ToString(), hours, defaultOwnerUserId }, transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope,
                ChangeKinds.ContainmentTarget.Of(partnershipId, severity.ToString(), ContainmentTargetChange.Set, null, new ContainmentTargetState(severity, hours, ownerName)), cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Severity, int>> GetAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(scope, partnershipId, cancellationToken)).ToDictionary(r => Enum.Parse<Severity>(r.Severity), r => r.Hours);

    /// <summary>The owners chosen per severity; a severity that is not here goes to the partnership's quality engineer.</summary>
    public async Task<IReadOnlyDictionary<Severity, long>> GetDefaultOwnersAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(scope, partnershipId, cancellationToken)).Where(r => r.Owner is not null).ToDictionary(r => Enum.Parse<Severity>(r.Severity), r => r.Owner!.Value);

    private async Task<List<(string Severity, int Hours, long? Owner)>> ReadAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(string Severity, int Hours, long? Owner)>(new CommandDefinition(
            $"SELECT severity, hours, default_owner_user_id FROM quality_containment_targets WHERE partnership_id = @partnershipId AND {database.Dialect.IsIn("partnership_id", "@Allowed")}",
            new { partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Who owns D1–D3 of a new issue: the owner chosen for the severity while they may still own it, else the
    /// partnership's quality engineer (the first by name when there are several), else the supplier's account lead.
    /// </summary>
    internal static async Task<long?> DefaultOwnerAsync(DbConnection connection, DbTransaction transaction, long partnershipId, Severity severity, CancellationToken cancellationToken)
    {
        var (chosen, qualityEngineer, lead) = await connection.QuerySingleAsync<(long? Chosen, long? QualityEngineer, long? Lead)>(new CommandDefinition(
            """
            SELECT (SELECT default_owner_user_id FROM quality_containment_targets WHERE partnership_id = @partnershipId AND severity = @Severity),
                   (SELECT u.id FROM partnership_members m JOIN users u ON u.id = m.user_id
                    WHERE m.partnership_id = @partnershipId AND u.role = 'QualityEngineer' AND u.is_active = TRUE ORDER BY u.display_name, u.id LIMIT 1),
                   (SELECT supplier_lead_user_id FROM partnerships WHERE id = @partnershipId)
            """, new { partnershipId, Severity = severity.ToString() }, transaction, cancellationToken: cancellationToken));
        return chosen is { } owner && await QualityWorkflowStore.CanOwnAsync(connection, transaction, partnershipId, owner, QualitySide.Supplier, cancellationToken)
            ? owner
            : qualityEngineer ?? lead;
    }
}
