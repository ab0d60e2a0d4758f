using Microsoft.AspNetCore.Mvc;
using Portal.Data.Database;
using Portal.Data.Quality;

namespace Portal.Web.Pages.Quality;

/// <summary>Either side raises an issue against an item, optionally narrowed to an order, a delivery and a lot.</summary>
public sealed class NewModel(QualityIssueStore issues) : PartnershipPageModel
{
    [BindProperty] public QualityIssueForm Input { get; set; } = new();

    public QualityReferenceChoices Choices { get; private set; } = new([], [], [], []);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Choices = await issues.GetReferenceChoicesAsync(Scope, PartnershipId, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var issue = await issues.RaiseAsync(Scope, PartnershipId, Input.ToInput(), cancellationToken);
                if (issue is null)
                {
                    return NotFound();
                }
                TempData["Status"] = $"Issue #{issue.Id} raised. Containment (D3) is due {issue.Steps.Single(s => s.Step == EightDStep.D3).DueAt:yyyy-MM-dd HH:mm} UTC.";
                return Redirect($"/p/{PartnershipId}/quality/{issue.Id}");
            }
            catch (ValidationException e)
            {
                ModelState.AddErrors(e, nameof(Input));
            }
        }
        Choices = await issues.GetReferenceChoicesAsync(Scope, PartnershipId, cancellationToken);
        return Page();
    }
}
