using Dapper;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Notifications;

/// <summary>
/// The daily digest of notices: each person's notices held for the digest (their preference for that kind) become one
/// notice of the day in their list. One digest per person and local day (a unique key), so a re-run stores nothing twice.
/// </summary>
public sealed class NoticeDigestStore(PortalDatabase database, TimeProvider clock)
{
    public async Task<IReadOnlyList<long>> PeopleWithHeldNoticesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT user_id FROM notifications WHERE held_for_digest = TRUE AND digest_id IS NULL ORDER BY user_id",
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Gathers the person's held notices into today's digest (today in their time zone); null when nothing was held or
    /// today's digest exists already. A notice of a partnership the person no longer sees is gathered but never named.
    /// </summary>
    public Task<Notification?> GatherAsync(long userId, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var zone = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT COALESCE(u.time_zone, o.time_zone) FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = @userId AND u.is_active = TRUE",
                new { userId }, transaction, cancellationToken: cancellationToken));
            if (zone is null)
            {
                return null;
            }
            var held = (await connection.QueryAsync<(long Id, string? Partnership, string Title)>(new CommandDefinition(
                $"""
                SELECT n.id, CASE WHEN ({NotificationStore.Visible}) THEN p.name END, n.title
                FROM notifications n
                JOIN users u ON u.id = n.user_id JOIN organisations o ON o.id = u.organisation_id
                JOIN partnerships p ON p.id = n.partnership_id
                WHERE n.user_id = @userId AND n.held_for_digest = TRUE AND n.digest_id IS NULL
                ORDER BY n.created_at, n.id
                """, new { userId }, transaction, cancellationToken: cancellationToken))).ToList();
            var named = held.Where(h => h.Partnership is not null).ToList();
            if (named.Count == 0)
            {
                // Only news of partnerships the person left: nothing to tell, and nothing to keep.
                await connection.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM notifications WHERE {database.Dialect.IsIn("id", "@Ids")} AND {Dialect.OwnedBy("user_id", "@userId")}",
                    new { userId, Ids = held.Select(h => h.Id).ToList() }, transaction, cancellationToken: cancellationToken));
                return null;
            }
            var now = clock.GetUtcNow();
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, PortalTimeZones.Find(zone)).DateTime);
            var digest = await connection.QuerySingleOrDefaultAsync<Notification>(new CommandDefinition(
                """
                INSERT INTO notifications (user_id, created_at, title, body, digest_on)
                VALUES (@userId, @now, @Title, @Body, @today)
                ON CONFLICT (user_id, digest_on) DO NOTHING
                RETURNING id, user_id, partnership_id, created_at, title, body, link, entity, entity_id, read_at
                """,
                new { userId, now, today, Title = DigestTitle(named.Count), Body = string.Join("\n", named.Select(h => $"{h.Partnership} · {h.Title}")) },
                transaction, cancellationToken: cancellationToken));
            if (digest is null)
            {
                return null;
            }
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE notifications SET digest_id = @Id, read_at = @now WHERE {database.Dialect.IsIn("id", "@Ids")} AND {Dialect.OwnedBy("user_id", "@userId")}",
                new { digest.Id, now, userId, Ids = held.Select(h => h.Id).ToList() }, transaction, cancellationToken: cancellationToken));
            return digest;
        }, cancellationToken);

    public static string DigestTitle(int count) => count == 1 ? "Your daily digest: 1 notice" : $"Your daily digest: {count} notices";
}
