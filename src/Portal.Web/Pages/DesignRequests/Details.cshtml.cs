using Microsoft.AspNetCore.Mvc;
using Portal.Data.Attachments;
using Portal.Data.DesignRequests;
using Portal.Data.Partnerships;
using Portal.Data.Users;

namespace Portal.Web.Pages.DesignRequests;

/// <summary>
/// One request: intake, stage timeline, verdict, comments, internal notes (supplier only, already filtered by the
/// store), files and the actions the caller's side may take. A refused action re-renders with its message (403 for a side refusal).
/// </summary>
[Form("", "Stage=", AttachmentStore.FileField + "=" + nameof(Upload))]
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

    /// <summary>The stage the "Move to" button leads to; null when the caller may not move the request on.</summary>
    public DesignStage? NextStage => DesignTransitions.Decide(Details.Request.Stage, DesignAction.Advance, DesignTransitions.SideOf(Scope), Details.Request.Verdict).To;

    /// <summary>The owner choices by company, then role, as the select's groups (the supplier first: it owns most stages).</summary>
    public IEnumerable<IGrouping<string, PartnershipPerson>> PeopleByCompanyAndRole =>
        People.OrderBy(p => !p.IsSupplier).ThenBy(p => p.Role).GroupBy(p => $"{(p.IsSupplier ? Partnership.SupplierName : Partnership.CustomerName)} · {p.Role.Label()}");
    public bool CanRecordVerdict => Allows(DesignAction.RecordVerdict, FitVerdict.Fit);
    public bool CanWithdraw => Allows(DesignAction.Withdraw, null);

    private bool Allows(DesignAction action, FitVerdict? verdict) =>
        DesignTransitions.Decide(Details.Request.Stage, action, DesignTransitions.SideOf(Scope), verdict).Allowed;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    [Form("", "Body=" + nameof(CommentBody))]
    public async Task<IActionResult> OnPostCommentAsync(CancellationToken cancellationToken) =>
        await ActAsync(designRequests.CommentAsync(Scope, Id, CommentBody ?? "", Internal, cancellationToken), Internal ? "Internal note added." : "Comment added.");

    public async Task<IActionResult> OnPostAdvanceAsync(CancellationToken cancellationToken)
    {
        if (OwnerUserId is not { } owner)
        {
            ModelState.AddModelError(nameof(OwnerUserId), "Choose who owns the next stage.");
            return await ShowAgainAsync(cancellationToken);
        }
        return await designRequests.AdvanceAsync(Scope, Id, owner, cancellationToken) is { } moved
            ? Done($"Moved to {DesignTransitions.Label(moved.Stage)}.", Redirect($"/p/{PartnershipId}/design-requests/{Id}"))
            : NotFound();
    }

    [Form(nameof(Verdict))]
    public async Task<IActionResult> OnPostVerdictAsync(CancellationToken cancellationToken) =>
        await ActAsync(designRequests.RecordVerdictAsync(Scope, Id, Verdict.ToInput(), cancellationToken), "Verdict recorded.");

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellationToken) =>
        await ActAsync(designRequests.WithdrawAsync(Scope, Id, cancellationToken), "The request is withdrawn.");

    public async Task<IActionResult> OnPostAttachAsync(CancellationToken cancellationToken)
    {
        var read = await UploadedFiles.ReadOneAsync(Upload, attachments.MaxBytes, SupplierOnly, cancellationToken);
        if (read.Error is { } error)
        {
            ModelState.AddModelError(nameof(Upload), error);
            return await ShowAgainAsync(cancellationToken);
        }
        return await ActAsync(designRequests.AttachAsync(Scope, Id, read.Files[0], cancellationToken), "File added.");
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>A null answer of the store is not found; rule and side refusals are answered by <see cref="PageActionFilter"/>.</summary>
    private async Task<IActionResult> ActAsync<T>(Task<T?> action, string status) =>
        await action is null ? NotFound() : Done(status, Redirect($"/p/{PartnershipId}/design-requests/{Id}"));

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
