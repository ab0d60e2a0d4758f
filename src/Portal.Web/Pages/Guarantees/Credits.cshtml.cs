using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Guarantees;
using Portal.Data.Tenancy;

namespace Portal.Web.Pages.Guarantees;

/// <summary>Penalty credits of the partnership; the supplier's Finance may void one, saying why.</summary>
public sealed class CreditsModel(GuaranteeStore guarantees, PenaltyCreditStore credits) : PartnershipPageModel
{
    public Page<PenaltyCredit> Credits { get; private set; } = new([], 1, GuaranteeStore.CreditsPageSize, 0);

    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    [BindProperty] public long CreditId { get; set; }

    [BindProperty] public string? Reason { get; set; }

    public bool CanVoid => Scope.May(Permission.VoidPenaltyCredits);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Credits = await guarantees.GetCreditsPageAsync(Scope, PartnershipId, PageNumber, cancellationToken: cancellationToken);

    public async Task<IActionResult> OnPostVoidAsync(CancellationToken cancellationToken)
    {
        var voided = await credits.VoidAsync(Scope, PartnershipId, CreditId, Reason ?? "", cancellationToken);
        return voided is null ? NotFound() : Done($"Credit #{voided.Id} voided.", RedirectToPage(new { PageNumber }));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
