namespace Portal.Data.ErpClients;

public sealed record ErpClient
{
    public long Id { get; init; }
    public required string ClientId { get; init; }
    public long PartnershipId { get; init; }
    public required string DisplayName { get; init; }
    public required string SecretHash { get; init; }
    public required string Scopes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>The hash that the last rotation replaced, accepted until <see cref="PreviousSecretExpiresAt"/>; null without a grace period.</summary>
    public string? PreviousSecretHash { get; init; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }
    public DateTimeOffset? SecretRotatedAt { get; init; }

    /// <summary>1 for the first secret, one more at each rotation; the previous secret is the one before.</summary>
    public long SecretGeneration { get; init; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>When the previous secret stops working, if it still works at <paramref name="now"/>.</summary>
    public DateTimeOffset? GraceEndsAfter(DateTimeOffset now) =>
        PreviousSecretHash is not null && PreviousSecretExpiresAt is { } end && end > now && !IsRevoked ? end : null;

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public static class ErpScopes
{
    public const string Sync = "erp.sync";
    public const string Read = "erp.read";
    public static readonly IReadOnlyList<string> All = [Sync, Read];
}

/// <summary>A client whose credentials were just checked, and which of its secrets they held (the current or, during a grace period, the previous).</summary>
public sealed record ErpSecretMatch(ErpClient Client, long SecretGeneration);

/// <summary>A newly created client with its secret: the only moment the secret exists in clear.</summary>
public sealed record IssuedErpClient(ErpClient Client, string Secret);
