namespace Portal.Data.ErpClients;

public enum ErpClientChange
{
    Created,
    SecretRotated,
    Revoked,
}

/// <summary>What the trail keeps of an ERP connection: never its secret. Each act sets the fields it is about.</summary>
public sealed record ErpClientTrailState(string ClientId, string? DisplayName = null, string? Scopes = null, DateTimeOffset? SecretRotatedAt = null,
    DateTimeOffset? PreviousSecretValidUntil = null, DateTimeOffset? RevokedAt = null);
