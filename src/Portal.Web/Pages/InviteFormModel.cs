using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Portal.Data.Organisations;
using Portal.Data.Users;

namespace Portal.Web.Pages;

/// <summary>What a person inviting someone enters; bound under the "Invite" prefix.</summary>
public sealed class InviteInput
{
    public long OrganisationId { get; set; }

    [Required(ErrorMessage = "Enter the person's name."), StringLength(100, ErrorMessage = "Keep the name under 100 characters.")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Enter an email address."), EmailAddress(ErrorMessage = "Enter a valid email address."), StringLength(200)]
    public string Email { get; set; } = "";

    public PortalRole Role { get; set; } = PortalRole.CustomerEngineer;

    public NewUser ToNewUser() => new(OrganisationId, Email, DisplayName, Role);
}

/// <summary>The invite form partial's model: the input, the choices and the errors to show.</summary>
public sealed record InviteFormModel(InviteInput Input, IReadOnlyList<Organisation> Organisations, IReadOnlyList<PortalRole> Roles, ModelStateDictionary ModelState)
{
    public string? Error(string field) => ModelState[$"Invite.{field}"]?.Errors.FirstOrDefault()?.ErrorMessage;
}
