using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Tenancy;
using Portal.Web.Identity;

namespace Portal.Web.Pages;

public static class InvitePageActions
{
    /// <summary>The invite form's fields: store errors land under "Invite", a taken address on its email.</summary>
    public const string Prefix = "Invite";
    public const string TakenEmail = FormAttribute.Duplicate + "=Invite.Email";

    /// <summary>
    /// Invites a person from a page; on success the link is put in TempData to be shown once (it is never stored).
    /// A refusal is answered by <see cref="PageActionFilter"/> on the handler's <c>[Form(Prefix, TakenEmail)]</c>.
    /// </summary>
    public static async Task InviteAsync(this PageModel page, Invitations invitations, CallerScope scope, InviteInput input, CancellationToken cancellationToken)
    {
        var invitation = await invitations.InviteAsync(scope, input.ToNewUser(), cancellationToken);
        page.TempData["Status"] = $"{invitation.User.DisplayName} is invited. Send them the link below; it works once and for seven days.";
        page.TempData["InviteLink"] = invitation.Link;
    }
}
