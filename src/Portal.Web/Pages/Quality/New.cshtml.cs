using Microsoft.AspNetCore.Mvc;
using Portal.Data.Attachments;
using Portal.Data.Quality;

namespace Portal.Web.Pages.Quality;

/// <summary>Either side raises an issue against an item, optionally narrowed to an order, a delivery and a lot, with photos or files.</summary>
[Form(nameof(Input), AttachmentStore.FileField + "=" + nameof(Files))]
public sealed class NewModel(QualityIssueStore issues, AttachmentStore attachments) : PartnershipPageModel
{
    [BindProperty] public QualityIssueForm Input { get; set; } = new();

    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public long MaxBytes => attachments.MaxBytes;

    public QualityReferenceChoices Choices { get; private set; } = new([], [], [], []);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Choices = await issues.GetReferenceChoicesAsync(Scope, PartnershipId, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Read before raising: a refused file is a field error and no issue is raised without the evidence that was meant for it.
        var upload = await UploadedFiles.ReadAsync(Files, attachments.MaxBytes, supplierOnly: false, cancellationToken);
        if (upload.Error is not null)
        {
            ModelState.AddModelError(nameof(Files), upload.Error);
            return await ShowAgainAsync(cancellationToken);
        }
        var issue = await issues.RaiseAsync(Scope, PartnershipId, Input.ToInput(), upload.Files, cancellationToken);
        return issue is null
            ? NotFound()
            : Done($"Issue {issue.Reference} raised. Containment (D3) is due {Time.At(issue.Steps.Single(s => s.Step == EightDStep.D3).DueAt)}.",
                Redirect($"/p/{PartnershipId}/quality/{issue.Id}"));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
