using Microsoft.AspNetCore.Mvc;
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
    public LoanState? Attempted => Posted?.Argument<LoanState>("Transition", "to");

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    [Form(nameof(Step))]
    public async Task<IActionResult> OnPostTransitionAsync(LoanState to, CancellationToken cancellationToken)
    {
        var loan = await loans.TransitionAsync(Scope, PartnershipId, LoanId, to, Step.ToStep(), cancellationToken);
        return loan is null
            ? NotFound()
            : Done(to == LoanState.ConvertedToPurchase
                    ? $"Converted to a purchase at {Portal.Data.Money.Format(loan.ConversionPriceMinor ?? 0, loan.Currency)}."
                    : $"Loan is now {LoanRules.Label(loan.State).ToLowerInvariant()}.",
                Redirect($"/p/{PartnershipId}/loans/{LoanId}"));
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

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
