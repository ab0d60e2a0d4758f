using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Database;
using Portal.Data.Tenancy;
using Portal.Web.Identity;

namespace Portal.Web.Pages;

public static class InvitePageActions
{
    /// <summary>
    /// Invites a person from a page: rule violations land on the form's fields; on success the link is put in
    /// TempData to be shown once (it is never stored).
    /// </summary>
    public static async Task<bool> TryInviteAsync(this PageModel page, Invitations invitations, CallerScope scope, InviteInput input, CancellationToken cancellationToken)
    {
        if (!page.ModelState.IsValid)
        {
            return false;
        }
        try
        {
            var invitation = await invitations.InviteAsync(scope, input.ToNewUser(), cancellationToken);
            page.TempData["Status"] = $"{invitation.User.DisplayName} is invited. Send them the link below; it works once and for seven days.";
            page.TempData["InviteLink"] = invitation.Link;
            return true;
        }
        catch (ValidationException e)
        {
            page.ModelState.AddErrors(e, "Invite");
        }
        catch (DuplicateException e)
        {
            page.ModelState.AddModelError("Invite.Email", e.Message);
        }
        return false;
    }
}
