using Microsoft.AspNetCore.Mvc;
using Portal.Data.Attachments;
using Portal.Data.Database;
using Portal.Data.DesignRequests;

namespace Portal.Web.Pages.DesignRequests;

/// <summary>The structured intake of a joint design request, with optional files.</summary>
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
        var input = Input.ToInput();
        foreach (var (field, message) in DesignRequestRules.CheckIntake(input))
        {
            ModelState.AddModelError($"{nameof(Input)}.{(field == nameof(DesignRequestInput.TargetPriceMinor) ? nameof(DesignRequestForm.TargetPrice) : field)}", message);
        }
        var upload = await UploadedFiles.ReadAsync(Files, attachments.MaxBytes, supplierOnly: false, cancellationToken);
        if (upload.Error is not null)
        {
            ModelState.AddModelError(nameof(Files), upload.Error);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        try
        {
            var raised = await designRequests.RaiseAsync(Scope, PartnershipId, input, upload.Files, cancellationToken);
            if (raised is null)
            {
                return NotFound();
            }
            TempData["Status"] = $"“{raised.Title}” is submitted. {raised.StageOwnerName ?? "The supplier"} will pick it up for feasibility.";
            return Redirect($"/p/{PartnershipId}/design-requests/{raised.Id}");
        }
        catch (ValidationException e)
        {
            foreach (var (field, message) in e.Errors)
            {
                ModelState.AddModelError(field == AttachmentStore.FileField ? nameof(Files) : $"{nameof(Input)}.{field}", message);
            }
            return Page();
        }
    }
}
