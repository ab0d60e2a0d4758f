using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Notifications;
using Portal.Data.Tenancy;
using Portal.Data.Users;

namespace Portal.Data.Profiles;

/// <summary>The signed-in person's own settings; every method reads and writes the caller's row only.</summary>
public sealed class ProfileStore(PortalDatabase database, ChangeRecorder changes)
{
    public async Task<Profile?> GetAsync(CallerScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.Kind != ActorKind.User || scope.ActorId is not { } userId)
        {
            return null;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, string DisplayName, string Email, string Organisation, string? TimeZone, string OrganisationTimeZone)>(new CommandDefinition(
            """
            SELECT u.id, u.display_name, u.email, o.name, u.time_zone, o.time_zone
            FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = @userId
            """, new { userId }, cancellationToken: cancellationToken));
        if (row.Id == 0)
        {
            return null;
        }
        var deliveries = await connection.QueryAsync<(string Kind, string Delivery)>(new CommandDefinition(
            "SELECT kind, delivery FROM notification_preferences WHERE user_id = @userId", new { userId }, cancellationToken: cancellationToken));
        return new Profile(row.Id, row.DisplayName, row.Email, row.Organisation, row.TimeZone, row.OrganisationTimeZone,
            deliveries.ToDictionary(d => d.Kind, d => Enum.Parse<NoticeDelivery>(d.Delivery), StringComparer.Ordinal));
    }

    /// <summary>Sets the caller's time zone; null follows their organisation's. Refuses a zone outside <see cref="PortalTimeZones.Offered"/>.</summary>
    public Task SetTimeZoneAsync(CallerScope scope, string? timeZone, CancellationToken cancellationToken = default)
    {
        var userId = RequireUser(scope);
        if (timeZone is not null && !PortalTimeZones.IsOffered(timeZone))
        {
            throw new ValidationException(new Dictionary<string, string> { ["TimeZone"] = "Choose a time zone from the list." });
        }
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            const string select = "SELECT id, email, display_name, role, organisation_id, is_active, time_zone FROM users WHERE id = @userId";
            var before = UserTrailState.Of(await connection.QuerySingleAsync<PortalUser>(new CommandDefinition(select, new { userId }, transaction, cancellationToken: cancellationToken)));
            if (before.TimeZone == timeZone)
            {
                return;
            }
            await connection.ExecuteAsync(new CommandDefinition("UPDATE users SET time_zone = @timeZone WHERE id = @userId", new { userId, timeZone }, transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope,
                ChangeKinds.User.Of(null, userId, UserChange.TimeZoneChanged, before, before with { TimeZone = timeZone }), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Stores how the caller wants each kind of notice; a kind set to the portal keeps no row (the default).</summary>
    public Task SetDeliveriesAsync(CallerScope scope, IReadOnlyDictionary<string, NoticeDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        var userId = RequireUser(scope);
        if (deliveries.Keys.FirstOrDefault(k => !NoticeKinds.IsKnown(k)) is { } unknown)
        {
            throw new ValidationException(new Dictionary<string, string> { [unknown] = "There is no such kind of notice." });
        }
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM notification_preferences WHERE user_id = @userId AND {database.Dialect.IsIn("kind", "@Kinds")}",
                new { userId, Kinds = deliveries.Keys.ToList() }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO notification_preferences (user_id, kind, delivery) VALUES (@UserId, @Kind, @Delivery)",
                deliveries.Where(d => d.Value != NoticeDelivery.Portal).Select(d => new { UserId = userId, Kind = d.Key, Delivery = d.Value.ToString() }).ToList(),
                transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    private static long RequireUser(CallerScope scope) =>
        scope.Kind == ActorKind.User && scope.ActorId is { } id ? id : throw new ScopeException("Only a signed-in person has a profile.");
}
