using Microsoft.AspNetCore.Mvc;
using Portal.Data.Attachments;
using Portal.Data.Database;
using Portal.Data.DesignRequests;
using Portal.Data.Partnerships;

namespace Portal.Web.Pages.DesignRequests;

/// <summary>
/// One request: intake, stage timeline, verdict, comments, internal notes (supplier only, already filtered by the
/// store), files and the actions the caller's side may take. A refused action re-renders with its message.
/// </summary>
public sealed class DetailsModel(DesignRequestStore designRequests, AttachmentStore attachments, TimeProvider clock) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    [BindProperty] public string? CommentBody { get; set; }
    [BindProperty] public bool Internal { get; set; }
    [BindProperty] public long? OwnerUserId { get; set; }
    [BindProperty] public VerdictForm Verdict { get; set; } = new();
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool SupplierOnly { get; set; }

    public DesignRequestDetails Details { get; private set; } = null!;
    public IReadOnlyList<PartnershipPerson> People { get; private set; } = [];
    public DateOnly Today { get; } = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public long MaxBytes => attachments.MaxBytes;

    // The buttons ask the same rule the store enforces, so that nobody sees a move that would be refused for their side.
    public bool CanAdvance => Allows(DesignAction.Advance, Details.Request.Verdict);
    public bool CanRecordVerdict => Allows(DesignAction.RecordVerdict, FitVerdict.Fit);
    public bool CanWithdraw => Allows(DesignAction.Withdraw, null);

    private bool Allows(DesignAction action, FitVerdict? verdict) =>
        DesignTransitions.Decide(Details.Request.Stage, action, DesignTransitions.SideOf(Scope), verdict).Allowed;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostCommentAsync(CancellationToken cancellationToken) =>
        ActAsync(() => designRequests.CommentAsync(Scope, Id, CommentBody ?? "", Internal, cancellationToken),
            Internal ? "Internal note added." : "Comment added.", nameof(CommentBody), cancellationToken);

    public Task<IActionResult> OnPostAdvanceAsync(CancellationToken cancellationToken) =>
        OwnerUserId is { } owner
            ? ActAsync(() => designRequests.AdvanceAsync(Scope, Id, owner, cancellationToken), "Moved to the next stage.", "", cancellationToken)
            : RefuseAsync(nameof(OwnerUserId), "Choose who owns the next stage.", cancellationToken);

    public Task<IActionResult> OnPostVerdictAsync(CancellationToken cancellationToken) =>
        ActAsync(() => designRequests.RecordVerdictAsync(Scope, Id, Verdict.ToInput(), cancellationToken), "Verdict recorded.", nameof(Verdict), cancellationToken);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellationToken) =>
        ActAsync(() => designRequests.WithdrawAsync(Scope, Id, cancellationToken), "The request is withdrawn.", "", cancellationToken);

    public async Task<IActionResult> OnPostAttachAsync(CancellationToken cancellationToken)
    {
        if (Upload is null)
        {
            return await RefuseAsync(nameof(Upload), "Choose a file to upload.", cancellationToken);
        }
        var read = await UploadedFiles.ReadAsync([Upload], attachments.MaxBytes, SupplierOnly, cancellationToken);
        return read.Error is { } error
            ? await RefuseAsync(nameof(Upload), error, cancellationToken)
            : await ActAsync(() => designRequests.AttachAsync(Scope, Id, read.Files[0], cancellationToken), "File added.", nameof(Upload), cancellationToken);
    }

    /// <summary>Runs a store action; a null answer is not found, a broken rule or a refused move is shown on the page.</summary>
    private async Task<IActionResult> ActAsync<T>(Func<Task<T?>> action, string status, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            if (await action() is null)
            {
                return NotFound();
            }
            TempData["Status"] = status;
            return Redirect($"/p/{PartnershipId}/design-requests/{Id}");
        }
        catch (ValidationException e)
        {
            foreach (var (field, message) in e.Errors)
            {
                var key = field switch
                {
                    "Stage" => "",
                    "Body" => nameof(CommentBody),
                    AttachmentStore.FileField => nameof(Upload),
                    "OwnerUserId" => nameof(OwnerUserId),
                    _ => string.IsNullOrEmpty(prefix) ? field : $"{prefix}.{field}",
                };
                ModelState.AddModelError(key, message);
            }
        }
        catch (ScopeException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<IActionResult> RefuseAsync(string field, string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(field, message);
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var details = await designRequests.GetDetailsAsync(Scope, Id, cancellationToken);
        if (details is null || details.Request.PartnershipId != PartnershipId)
        {
            return false;
        }
        Details = details;
        People = await designRequests.GetPeopleAsync(Scope, PartnershipId, cancellationToken);
        return true;
    }
}
