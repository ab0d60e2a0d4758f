using System.Text.Json;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Work;

/// <summary>
/// The daily digest: per person, what falls due in the next seven days — their design stages, 8D steps and action items
/// (<see cref="WorkStore"/>), and for the leads of either side the partnership's loan returns and credit extension ends.
/// One digest per person and day (the key decides), so a re-run stores and sends nothing twice.
/// </summary>
public sealed class DigestStore(PortalDatabase database, WorkStore work, TimeProvider clock)
{
    public const int DaysAhead = 7;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<long>> ActivePeopleAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM users WHERE is_active = TRUE ORDER BY id", cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Composes and stores today's digest for the person behind <paramref name="scope"/>; null when it was stored already.</summary>
    public async Task<WorkDigest?> StoreTodayAsync(CallerScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.ActorId is not { } userId)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var entries = (await work.DueBeforeAsync(scope, now.AddDays(DaysAhead), cancellationToken))
            .Select(w => new DigestEntry(w.What, w.Title, w.PartnershipName, w.DueAt, w.PartnershipId, w.Entity, w.RecordId)).ToList();
        await using var connection = await database.OpenAsync(cancellationToken);
        var leads = new { userId, Allowed = scope.PartnershipIds, today, Until = today.AddDays(DaysAhead) };
        var led = $"{database.Dialect.IsIn("p.id", "@Allowed")} AND (p.supplier_lead_user_id = @userId OR p.customer_lead_user_id = @userId)";
        var loans = await connection.QueryAsync<(long Id, long PartnershipId, string Partnership, string Name, DateOnly EndsOn)>(new CommandDefinition(
            $"""
            SELECT l.id, l.partnership_id, p.name, e.name, l.ends_on
            FROM equipment_loans l JOIN equipment e ON e.id = l.equipment_id JOIN partnerships p ON p.id = l.partnership_id
            WHERE {led} AND l.state IN ('Shipped', 'InUse') AND l.ends_on >= @today AND l.ends_on < @Until
            ORDER BY l.ends_on, l.id
            """, leads, cancellationToken: cancellationToken));
        var extensions = await connection.QueryAsync<(long Id, long PartnershipId, string Partnership, DateOnly EndsOn)>(new CommandDefinition(
            $"""
            SELECT a.id, a.partnership_id, p.name, a.ends_on
            FROM credit_arrangements a JOIN partnerships p ON p.id = a.partnership_id
            WHERE {led} AND a.kind = 'TemporaryExtension' AND a.state = 'Approved' AND a.ends_on >= @today AND a.ends_on < @Until
            ORDER BY a.ends_on, a.id
            """, leads, cancellationToken: cancellationToken));
        static DateTimeOffset EndOf(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // A loan the person has to send back is in their work already; the lead's reminder is for the others.
        var listed = entries.Where(e => e.Entity == ChangeKinds.EquipmentLoan.Entity).Select(e => e.EntityId).ToHashSet();
        entries.AddRange(loans.Where(l => !listed.Contains(l.Id))
            .Select(l => new DigestEntry("Loan return", l.Name, l.Partnership, EndOf(l.EndsOn), l.PartnershipId, ChangeKinds.EquipmentLoan.Entity, l.Id)));
        entries.AddRange(extensions.Select(x => new DigestEntry("Credit extension ends", $"Extension #{x.Id}", x.Partnership, EndOf(x.EndsOn), x.PartnershipId, ChangeKinds.CreditArrangement.Entity, x.Id)));
        entries = [.. entries.OrderBy(e => e.DueAt)];
        var stored = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO work_digests (user_id, digest_on, items_json, created_at) VALUES (@userId, @today, @Items, @now) ON CONFLICT (user_id, digest_on) DO NOTHING",
            new { userId, today, Items = JsonSerializer.Serialize(entries, Json), now }, cancellationToken: cancellationToken));
        return stored == 0 ? null : new WorkDigest(userId, today, entries);
    }

    /// <summary>The person's latest digest, or null before the job first ran for them.</summary>
    public async Task<WorkDigest?> GetLatestAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(DateOnly DigestOn, string ItemsJson)?>(new CommandDefinition(
            "SELECT digest_on, items_json FROM work_digests WHERE user_id = @userId ORDER BY digest_on DESC LIMIT 1", new { userId }, cancellationToken: cancellationToken));
        return row is { } r ? new WorkDigest(userId, r.DigestOn, JsonSerializer.Deserialize<List<DigestEntry>>(r.ItemsJson, Json) ?? []) : null;
    }
}
