using System.Data.Common;
using Dapper;
using Portal.Data.Audit;
using Portal.Data.Database;

namespace Portal.Data.Notifications;

/// <summary>Each user's list of what needs them. A user only ever reads and marks their own.</summary>
public sealed class NotificationStore(PortalDatabase database, TimeProvider clock)
{
    public const int PageSize = 20;

    /// <summary>
    /// Adds a notification, inside the caller's transaction, for each recipient who can see the
    /// partnership: the tenancy rule is in the INSERT ... SELECT, so a mistaken recipient list from a
    /// feature never leaks one customer's news to another customer's users. Each recipient's preference for the
    /// target's kind is in the same statement: none stores nothing, digest stores the notice held for the daily digest.
    /// </summary>
    public Task<int> NotifyAsync(DbConnection connection, DbTransaction transaction, long partnershipId, IEnumerable<long> userIds, string title, string body, NotificationTarget target, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO notifications (user_id, partnership_id, created_at, title, body, entity, entity_id, held_for_digest)
            SELECT u.id, p.id, @CreatedAt, @title, @body, @Entity, @EntityId, COALESCE(np.delivery, 'Portal') = 'Digest'
            FROM users u
            JOIN organisations o ON o.id = u.organisation_id
            JOIN partnerships p ON p.id = @partnershipId
            LEFT JOIN notification_preferences np ON np.user_id = u.id AND np.kind = @Entity
            WHERE {database.Dialect.IsIn("u.id", "@userIds")} AND u.is_active = TRUE AND COALESCE(np.delivery, 'Portal') <> 'None'
              AND ({Visible})
            """,
            new { CreatedAt = clock.GetUtcNow(), title, body, target.Entity, target.EntityId, partnershipId, userIds = userIds.Distinct().ToList() },
            transaction, cancellationToken: cancellationToken));

    /// <summary>Whether the person <c>u</c> (of organisation <c>o</c>) may see the partnership <c>p</c>: the scope rule of <see cref="Tenancy.ScopeStore"/>.</summary>
    internal const string Visible = """
        u.organisation_id = p.customer_org_id
        OR (o.kind = 'Supplier' AND (u.role = 'Admin'
             OR EXISTS (SELECT 1 FROM partnership_members m WHERE m.partnership_id = p.id AND m.user_id = u.id)))
        """;

    public async Task<int> CountUnreadAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM notifications WHERE user_id = @userId AND read_at IS NULL AND held_for_digest = FALSE", new { userId }, cancellationToken: cancellationToken));
    }

    public async Task<Page<Notification>> GetPageAsync(long userId, bool unreadOnly, int pageNumber, CancellationToken cancellationToken = default)
    {
        pageNumber = Math.Max(1, pageNumber);
        var where = unreadOnly
            ? "WHERE n.user_id = @userId AND n.held_for_digest = FALSE AND n.read_at IS NULL"
            : "WHERE n.user_id = @userId AND n.held_for_digest = FALSE";
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM notifications n {where}", new { userId }, cancellationToken: cancellationToken));
        var items = await connection.QueryAsync<Notification>(new CommandDefinition(
            $"""
            SELECT n.id, n.user_id, n.partnership_id, p.name AS partnership_name, n.created_at, n.title, n.body, n.link, n.entity, n.entity_id, n.read_at
            FROM notifications n LEFT JOIN partnerships p ON p.id = n.partnership_id {where}
            ORDER BY n.created_at DESC, n.id DESC
            LIMIT @Limit OFFSET @Offset
            """, new { userId, Limit = PageSize, Offset = (long)(pageNumber - 1) * PageSize }, cancellationToken: cancellationToken));
        return new Page<Notification>(items.ToList(), pageNumber, PageSize, total);
    }

    /// <summary>Marks one of the user's notifications read; returns its link, or null when it is not theirs.</summary>
    public async Task<Notification?> MarkReadAsync(long userId, long notificationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Notification>(new CommandDefinition(
            """
            UPDATE notifications SET read_at = COALESCE(read_at, @Now)
            WHERE id = @notificationId AND user_id = @userId
            RETURNING id, user_id, partnership_id, created_at, title, body, link, entity, entity_id, read_at
            """, new { userId, notificationId, Now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public async Task<int> MarkAllReadAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notifications SET read_at = @Now WHERE user_id = @userId AND read_at IS NULL AND held_for_digest = FALSE",
            new { userId, Now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>Retention: read notifications older than the cut-off are removed by the nightly job.</summary>
    public async Task<int> DeleteReadBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM notifications WHERE read_at IS NOT NULL AND read_at < @cutoff", new { cutoff }, cancellationToken: cancellationToken));
    }
}
