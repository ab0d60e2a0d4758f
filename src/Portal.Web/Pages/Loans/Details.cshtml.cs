using Microsoft.AspNetCore.Mvc;
using Portal.Data.Database;
using Portal.Data.Loans;

namespace Portal.Web.Pages.Loans;

/// <summary>One loan: its terms, the timeline of who moved it when, the conversion offer, and the moves the caller may make.</summary>
public sealed class DetailsModel(LoanStore loans, TimeProvider clock) : PartnershipPageModel
{
    [BindProperty(SupportsGet = true)] public long LoanId { get; set; }
    [BindProperty] public LoanStepForm Step { get; set; } = new();

    public Loan Loan { get; private set; } = null!;
    public IReadOnlyList<LoanEvent> Events { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public ConversionOffer? Offer { get; private set; }
    public LoanActor Actor => LoanRules.ActorOf(Scope);
    public IReadOnlyList<LoanState> Moves => LoanRules.NextFor(Loan.State, Actor);

    /// <summary>The move whose form stays open to show its errors.</summary>
    public LoanState? Attempted { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostTransitionAsync(LoanState to, CancellationToken cancellationToken)
    {
        Attempted = to;
        if (ModelState.IsValid)
        {
            try
            {
                var loan = await loans.TransitionAsync(Scope, PartnershipId, LoanId, to, Step.ToStep(), cancellationToken);
                if (loan is null)
                {
                    return NotFound();
                }
                TempData["Status"] = to == LoanState.ConvertedToPurchase
                    ? $"Converted to a purchase at {Portal.Data.Money.Format(loan.ConversionPriceMinor ?? 0, loan.Currency)}."
                    : $"Loan is now {LoanRules.Label(loan.State).ToLowerInvariant()}.";
                return Redirect($"/p/{PartnershipId}/loans/{LoanId}");
            }
            catch (ValidationException e)
            {
                ModelState.AddErrors(e, nameof(Step));
            }
            catch (ScopeException e)
            {
                // A move that is the other side's, on a loan the caller can see: say whose it is, on the page.
                ModelState.AddModelError("", e.Message);
            }
        }
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var loan = await loans.GetAsync(Scope, LoanId, cancellationToken);
        if (loan is null || loan.PartnershipId != PartnershipId)
        {
            return false;
        }
        Loan = loan;
        Events = await loans.ListEventsAsync(Scope, LoanId, cancellationToken);
        if (loan.State is LoanState.InUse or LoanState.ReturnDue)
        {
            var percent = await loans.GetRentCreditPercentAsync(Scope, PartnershipId, cancellationToken) ?? LoanRules.DefaultRentCreditPercent;
            Offer = LoanRules.Offer(loan.EquipmentValueMinor, loan.MonthlyFeeMinor, loan.InUseSince, Today, percent, loan.Currency);
        }
        return true;
    }
}
