using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Guarantees;
using Portal.Data.Tenancy;
using Portal.Web.Lists;

namespace Portal.Web.Pages.Guarantees;

/// <summary>Penalty credits of the partnership, paged or as CSV; the supplier's Finance may void one, saying why.</summary>
public sealed partial class CreditsModel(GuaranteeStore guarantees, PenaltyCreditStore credits) : PartnershipPageModel
{
    public Page<PenaltyCredit> Credits { get; private set; } = new([], 1, GuaranteeStore.CreditsPageSize, 0);

    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    [BindProperty] public long CreditId { get; set; }

    [BindProperty] public string? Reason { get; set; }

    public bool CanVoid => Scope.May(Permission.VoidPenaltyCredits);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Credits = await guarantees.GetCreditsPageAsync(Scope, PartnershipId, PageNumber, cancellationToken: cancellationToken);

    /// <summary>Every credit of the partnership, in the page's order.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var all = await guarantees.GetCreditsPageAsync(Scope, PartnershipId, 1, CsvDownload.MaxRows, cancellationToken);
        return await CsvDownload.FileAsync(Response, all.Items.Select(c => new CsvRow(c.Id, GuaranteeRules.Label(c.Metric), c.PeriodStart, c.PeriodEnd,
            c.AmountMinor / 100m, c.Currency, c.State.ToString(), c.Reason, c.IssuedAt.UtcDateTime, c.VoidReason, c.VoidedAt?.UtcDateTime)),
            CsvDownload.Name(Partnership.Code, "penalty-credits"), cancellationToken);
    }

    [CsvRecord]
    internal sealed partial record CsvRow(long Credit, string Guarantee, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Amount, string Currency, string State,
        string Reason, DateTime IssuedUtc, string? VoidReason, DateTime? VoidedUtc);

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
