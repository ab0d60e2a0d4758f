using Microsoft.AspNetCore.Mvc;
using Portal.Data.Attachments;

namespace Portal.Web.Pages.Attachments;

/// <summary>
/// Serves a stored file after the tenancy check, always as a download: a file is never rendered in the portal's
/// origin, whatever its content, and nosniff stops the browser from guessing another type. No cache (the browser's,
/// a shared computer's or a proxy's) keeps a copy once the person has signed out or lost access.
/// </summary>
public sealed class DownloadModel(AttachmentStore attachments) : PartnershipPageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var file = await attachments.OpenAsync(Scope, PartnershipId, id, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return File(file.Content, file.Metadata.ContentType, file.Metadata.FileName);
    }
}
