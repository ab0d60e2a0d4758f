using Npgsql;

namespace Portal.Data.Database;

/// <summary>
/// PostgreSQL cannot take a NUL character in text, not even as a query parameter (SQLSTATE 22021). Nothing the portal
/// stores has one, so the failure can only come from what a client sent: its request is bad, not the server.
/// </summary>
public static class UnstorableText
{
    public static bool IsCause(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire };
}
