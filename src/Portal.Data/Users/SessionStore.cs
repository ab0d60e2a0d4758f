using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Portal.Data.Database;

namespace Portal.Data.Users;

/// <summary>
/// Server-side sign-in sessions. The cookie only names a session; a session that is not in the table is over, on
/// every node, from the next request on. Sign-in has no caller scope yet, so these methods take the user or the id.
/// </summary>
public sealed class SessionStore(PortalDatabase database, TimeProvider clock)
{
    /// <summary>
    /// Starts a session and returns its id (256 random bits). Sessions of the same person that have not been seen for
    /// longer than <paramref name="lifetime"/> are dead (their cookies expired) and are deleted on the way.
    /// </summary>
    public async Task<string> StartAsync(long userId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM user_sessions WHERE user_id = @userId AND seen_at < @Cutoff",
                new { userId, Cutoff = now - lifetime }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO user_sessions (id, user_id, started_at, seen_at) VALUES (@id, @userId, @now, @now)",
                new { id, userId, now }, transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
        return id;
    }

    /// <summary>Whether the session is still on, for that person: one primary-key lookup, run on every signed-in request.</summary>
    public async Task<bool> IsActiveAsync(string id, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT user_id FROM user_sessions WHERE id = @id", new { id }, cancellationToken: cancellationToken)) == userId;
    }

    /// <summary>Records that the sliding cookie was renewed, so that the session is not taken for dead.</summary>
    public async Task TouchAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE user_sessions SET seen_at = @Now WHERE id = @id", new { id, Now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>Ends a session: a copy of its cookie is refused from the next request on, on every node.</summary>
    public async Task EndAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM user_sessions WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }
}
