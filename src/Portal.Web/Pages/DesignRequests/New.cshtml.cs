using Microsoft.AspNetCore.Mvc;
using Portal.Data.Attachments;
using Portal.Data.DesignRequests;

namespace Portal.Web.Pages.DesignRequests;

/// <summary>The structured intake of a joint design request, with optional files; the store checks the intake (<see cref="DesignRequestRules.CheckIntake"/>).</summary>
[Form(nameof(Input), AttachmentStore.FileField + "=" + nameof(Files), nameof(DesignRequestInput.TargetPriceMinor) + "=" + nameof(Input) + "." + nameof(DesignRequestForm.TargetPrice))]
public sealed class NewModel(DesignRequestStore designRequests, AttachmentStore attachments) : PartnershipPageModel
{
    [BindProperty] public DesignRequestForm Input { get; set; } = new();

    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public long MaxBytes => attachments.MaxBytes;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var upload = await UploadedFiles.ReadAsync(Files, attachments.MaxBytes, supplierOnly: false, cancellationToken);
        if (upload.Error is not null)
        {
            ModelState.AddModelError(nameof(Files), upload.Error);
            return Page();
        }
        var raised = await designRequests.RaiseAsync(Scope, PartnershipId, Input.ToInput(), upload.Files, cancellationToken);
        return raised is null
            ? NotFound()
            : Done($"“{raised.Title}” is submitted. {raised.StageOwnerName ?? "The supplier"} will pick it up for feasibility.",
                Redirect($"/p/{PartnershipId}/design-requests/{raised.Id}"));
    }
}
