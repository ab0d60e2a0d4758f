using Microsoft.AspNetCore.Mvc;
using Portal.Data.Attachments;
using Portal.Data.Database;
using Portal.Data.Quality;

namespace Portal.Web.Pages.Quality;

/// <summary>
/// One issue's 8D timeline and the acts on it: edit or complete a step, move a due date, judge the verification, change
/// the severity, close, add files. Each act is offered only to the side that may take it (<see cref="EightDSides"/>); the
/// store enforces the same rule, and its refusal shows as a message on the page.
/// </summary>
public sealed class DetailsModel(QualityIssueStore issues, QualityWorkflowStore workflow, AttachmentStore attachments, TimeProvider clock) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public long IssueId { get; set; }
    [BindProperty] public StepForm StepInput { get; set; } = new();
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public Severity NewSeverity { get; set; }
    [BindProperty] public string? SeverityReason { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    public QualityIssue Issue { get; private set; } = null!;
    public IReadOnlyList<Attachment> Attachments { get; private set; } = [];
    public long MaxBytes => attachments.MaxBytes;
    public IReadOnlyList<StepOwnerChoice> Owners { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    /// <summary>The step whose edit form stays open to show its errors.</summary>
    public EightDStep? EditedStep { get; private set; }

    public bool VerificationAccepted => Issue.VerificationAcceptedAt is not null;

    public string? WhyNotComplete(EightDStep step) =>
        EightDSides.WhyNotYourStep(Scope, step) ?? QualityRules.WhyStepCannotBeCompleted(step, Issue.State, Issue.Steps);
    public bool CanEdit(EightDStep step) => Issue.State == QualityIssueState.Open && EightDSides.WhyNotYourStep(Scope, step) is null;
    public bool CanMoveDue(QualityStep step) => CanEdit(step.Step) && !step.IsDone && EightDSides.WhyNotMoveDue(Scope, step.Step) is null;
    public IEnumerable<StepOwnerChoice> OwnersFor(EightDStep step) => Owners.Where(o => o.IsSupplier == (EightDSides.Owner(step) == QualitySide.Supplier));
    public bool CanJudgeVerification => QualityRules.WhyVerificationCannotBeJudged(EightDSides.WhyNotJudge(Scope) is null, Issue.State, Issue.Steps, VerificationAccepted) is null;
    public bool CanClose => EightDSides.WhyNotYourStep(Scope, EightDStep.D8) is null;
    public bool CanChangeSeverity => EightDSides.WhyNotChangeSeverity(Scope) is null && QualityRules.WhySeverityIsFinal(Issue.State, Issue.Steps) is null;
    public IReadOnlyList<string> CloseBlockers => QualityRules.CloseBlockers(Issue.State, Issue.Steps, VerificationAccepted);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostUpdateStepAsync(EightDStep step, CancellationToken cancellationToken)
    {
        EditedStep = step;
        return ActAsync(() => workflow.UpdateStepAsync(Scope, PartnershipId, IssueId, step, StepInput.ToUpdate(), cancellationToken),
            $"{step} ({step.Title()}) saved.", nameof(StepInput), requireValid: true, cancellationToken);
    }

    public Task<IActionResult> OnPostCompleteStepAsync(EightDStep step, CancellationToken cancellationToken) =>
        ActAsync(() => workflow.CompleteStepAsync(Scope, PartnershipId, IssueId, step, cancellationToken), $"{step} ({step.Title()}) done.", "", false, cancellationToken);

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken cancellationToken) =>
        ActAsync(() => workflow.AcceptVerificationAsync(Scope, PartnershipId, IssueId, cancellationToken), "Verification accepted.", "", false, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken cancellationToken) =>
        ActAsync(() => workflow.RejectVerificationAsync(Scope, PartnershipId, IssueId, Reason ?? "", cancellationToken),
            "Verification rejected: corrective action (D5) is open again.", "", false, cancellationToken);

    public Task<IActionResult> OnPostSeverityAsync(CancellationToken cancellationToken) =>
        ActAsync(() => workflow.ChangeSeverityAsync(Scope, PartnershipId, IssueId, NewSeverity, SeverityReason ?? "", cancellationToken),
            $"Severity changed to {NewSeverity}; containment's due time is fixed again.", "SeverityChange", false, cancellationToken);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken) =>
        ActAsync(() => workflow.CloseAsync(Scope, PartnershipId, IssueId, cancellationToken), "Issue closed.", "", false, cancellationToken);

    public async Task<IActionResult> OnPostAttachAsync(CancellationToken cancellationToken)
    {
        if (Upload is null)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a file to upload.");
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }
        var read = await UploadedFiles.ReadAsync([Upload], attachments.MaxBytes, supplierOnly: false, cancellationToken);
        if (read.Error is { } error)
        {
            ModelState.AddModelError(nameof(Upload), error);
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }
        return await ActAsync(() => issues.AttachAsync(Scope, PartnershipId, IssueId, read.Files[0], cancellationToken), $"{Upload.FileName} added.", "", false, cancellationToken);
    }

    private async Task<IActionResult> ActAsync<T>(Func<Task<T?>> act, string status, string errorPrefix, bool requireValid, CancellationToken cancellationToken)
    {
        if (!requireValid || ModelState.IsValid)
        {
            try
            {
                if (await act() is null)
                {
                    return NotFound();
                }
                TempData["Status"] = status;
                return Redirect($"/p/{PartnershipId}/quality/{IssueId}");
            }
            catch (ValidationException e) when (e.Errors.ContainsKey(AttachmentStore.FileField))
            {
                ModelState.AddModelError(nameof(Upload), e.Errors[AttachmentStore.FileField]);
            }
            catch (ValidationException e)
            {
                ModelState.AddErrors(e, errorPrefix);
            }
            catch (ScopeException e)
            {
                // A refusal for the caller's side on an issue they can see: say why, on the page.
                ModelState.AddModelError("", e.Message);
            }
        }
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var issue = await issues.GetAsync(Scope, IssueId, cancellationToken);
        if (issue is null || issue.PartnershipId != PartnershipId)
        {
            return false;
        }
        Issue = issue;
        Owners = await workflow.GetOwnerChoicesAsync(Scope, PartnershipId, cancellationToken);
        Attachments = await issues.ListAttachmentsAsync(Scope, PartnershipId, IssueId, cancellationToken);
        return true;
    }
}
