using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Loans;
using Portal.Data.Tenancy;

namespace Portal.Web.Pages.Loans;

/// <summary>The partnership's open loans as a board by state, closed ones folded away a page at a time, and the agreed rent credit.</summary>
public sealed class IndexModel(LoanStore loans, TimeProvider clock) : PartnershipPageModel
{
    /// <summary>The board's columns, in lifecycle order.</summary>
    public static readonly IReadOnlyList<LoanState> Columns = [LoanState.Requested, LoanState.Approved, LoanState.Shipped, LoanState.InUse, LoanState.ReturnDue];

    [BindProperty] public int? RentCreditPercent { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Loan> OpenLoans { get; private set; } = [];
    public Page<Loan> ClosedLoans { get; private set; } = new([], 1, LoanStore.ClosedPageSize, 0);
    public DateOnly Today { get; private set; }
    public bool MayRequest => Scope.May(Permission.RequestLoan);
    public bool ManagesLoans => Scope.May(Permission.ManageLoans);
    public int CurrentRentCreditPercent { get; private set; } = LoanRules.DefaultRentCreditPercent;

    public IEnumerable<Loan> In(LoanState state) => OpenLoans.Where(l => l.State == state);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRentCreditAsync(CancellationToken cancellationToken)
    {
        if (RentCreditPercent is not { } percent)
        {
            ModelState.AddModelError(nameof(RentCreditPercent), "Enter a share between 0 % and 100 %.");
            return await ShowAgainAsync(cancellationToken);
        }
        return await loans.SetRentCreditPercentAsync(Scope, PartnershipId, percent, cancellationToken)
            ? Done($"From now on {percent} % of the rent paid counts towards a purchase.", Redirect($"/p/{PartnershipId}/loans"))
            : NotFound();
    }

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        OpenLoans = await loans.ListOpenAsync(Scope, PartnershipId, cancellationToken);
        ClosedLoans = await loans.GetClosedPageAsync(Scope, PartnershipId, PageNumber, cancellationToken);
        if (await loans.GetRentCreditPercentAsync(Scope, PartnershipId, cancellationToken) is not { } percent)
        {
            return false;
        }
        CurrentRentCreditPercent = percent;
        return true;
    }
}
