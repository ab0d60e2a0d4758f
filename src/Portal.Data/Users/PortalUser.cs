namespace Portal.Data.Users;

/// <summary>A person who signs in. Mutable because ASP.NET Core Identity changes it in place before saving.</summary>
public sealed class PortalUser
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public string OrganisationName { get; set; } = "";
    public string OrganisationKind { get; set; } = "";
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public PortalRole Role { get; set; }
    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");
    public bool IsActive { get; set; } = true;
    public bool LockoutEnabled { get; set; } = true;
    public DateTimeOffset? LockoutEnd { get; set; }
    public int AccessFailedCount { get; set; }
    public bool TwoFactorEnabled { get; set; }
    public string? AuthenticatorKey { get; set; }

    /// <summary>The last TOTP time step accepted, so that a code cannot be used twice.</summary>
    public long? LastTotpStep { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The person's own time zone (IANA id); null reads times in the organisation's.</summary>
    public string? TimeZone { get; set; }

    public bool IsSupplierStaff => OrganisationKind == "Supplier";
}

/// <summary>What an admin or a customer lead enters to add a person.</summary>
public sealed record NewUser(long OrganisationId, string Email, string DisplayName, PortalRole Role);
