namespace Portal.Data.Users;

public enum UserChange
{
    Created,
    Deactivated,
    Reactivated,
    RoleChanged,
    TimeZoneChanged,
}

/// <summary>What the trail keeps of a person: never the password hash or the security stamp.</summary>
public sealed record UserTrailState(long Id, string Email, string DisplayName, PortalRole Role, long OrganisationId, bool IsActive, string? TimeZone = null)
{
    public static UserTrailState Of(PortalUser user) => new(user.Id, user.Email, user.DisplayName, user.Role, user.OrganisationId, user.IsActive, user.TimeZone);
}
