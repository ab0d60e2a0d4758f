using Microsoft.AspNetCore.Mvc;
using Portal.Data.Attachments;
using Portal.Data.Quality;

namespace Portal.Web.Pages.Quality;

/// <summary>
/// One issue's 8D timeline and the acts on it: edit or complete a step, move a due date, judge the verification, change
/// the severity, close, add files. Each act is offered only to the side that may take it (<see cref="EightDSides"/>); the
/// store enforces the same rule, and its refusal is a 403 with its message on the page (<see cref="PageActionFilter"/>).
/// </summary>
[Form("", AttachmentStore.FileField + "=" + nameof(Upload))]
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
    public EightDStep? EditedStep => Posted?.Argument<EightDStep>("UpdateStep", "step");

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

    [Form(nameof(StepInput))]
    public async Task<IActionResult> OnPostUpdateStepAsync(EightDStep step, CancellationToken cancellationToken) =>
        await ActAsync(workflow.UpdateStepAsync(Scope, PartnershipId, IssueId, step, StepInput.ToUpdate(Time), cancellationToken), $"{step} ({step.Title()}) saved.");

    public async Task<IActionResult> OnPostCompleteStepAsync(EightDStep step, CancellationToken cancellationToken) =>
        await ActAsync(workflow.CompleteStepAsync(Scope, PartnershipId, IssueId, step, cancellationToken), $"{step} ({step.Title()}) done.");

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken cancellationToken) =>
        await ActAsync(workflow.AcceptVerificationAsync(Scope, PartnershipId, IssueId, cancellationToken), "Verification accepted.");

    public async Task<IActionResult> OnPostRejectAsync(CancellationToken cancellationToken) =>
        await ActAsync(workflow.RejectVerificationAsync(Scope, PartnershipId, IssueId, Reason ?? "", cancellationToken),
            "Verification rejected: corrective action (D5) is open again.");

    [Form("", "Severity=SeverityChange.Severity", "Reason=SeverityChange.Reason")]
    public async Task<IActionResult> OnPostSeverityAsync(CancellationToken cancellationToken) =>
        await ActAsync(workflow.ChangeSeverityAsync(Scope, PartnershipId, IssueId, NewSeverity, SeverityReason ?? "", cancellationToken),
            $"Severity changed to {NewSeverity}; containment's due time is fixed again.");

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken) =>
        await ActAsync(workflow.CloseAsync(Scope, PartnershipId, IssueId, cancellationToken), "Issue closed.");

    public async Task<IActionResult> OnPostAttachAsync(CancellationToken cancellationToken)
    {
        var read = await UploadedFiles.ReadOneAsync(Upload, attachments.MaxBytes, supplierOnly: false, cancellationToken);
        if (read.Error is { } error)
        {
            ModelState.AddModelError(nameof(Upload), error);
            return await ShowAgainAsync(cancellationToken);
        }
        return await ActAsync(issues.AttachAsync(Scope, PartnershipId, IssueId, read.Files[0], cancellationToken), $"{Upload!.FileName} added.");
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    private async Task<IActionResult> ActAsync<T>(Task<T?> act, string status) =>
        await act is null ? NotFound() : Done(status, Redirect($"/p/{PartnershipId}/quality/{IssueId}"));

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
