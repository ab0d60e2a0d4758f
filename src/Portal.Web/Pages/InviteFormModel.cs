using Microsoft.AspNetCore.Mvc.ModelBinding;
using Portal.Data.Organisations;
using Portal.Data.Users;

namespace Portal.Web.Pages;

/// <summary>What a person inviting someone enters; bound under the "Invite" prefix. The user store checks it.</summary>
public sealed class InviteInput
{
    public long OrganisationId { get; set; }

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public PortalRole Role { get; set; } = PortalRole.CustomerEngineer;

    public NewUser ToNewUser() => new(OrganisationId, Email ?? "", DisplayName ?? "", Role);
}

/// <summary>The invite form partial's model: the input, the choices and the errors to show.</summary>
public sealed record InviteFormModel(InviteInput Input, IReadOnlyList<Organisation> Organisations, IReadOnlyList<PortalRole> Roles, ModelStateDictionary ModelState)
{
    public string? Error(string field) => ModelState[$"Invite.{field}"]?.Errors.FirstOrDefault()?.ErrorMessage;
}
