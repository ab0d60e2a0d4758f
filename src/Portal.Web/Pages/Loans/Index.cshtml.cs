using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Loans;
using Portal.Data.Tenancy;
using Portal.Web.Lists;

namespace Portal.Web.Pages.Loans;

/// <summary>
/// The partnership's open loans as a board by state, closed ones folded away a page at a time (sorted by any column),
/// both narrowed by one search and downloadable together as CSV, and the agreed rent credit.
/// </summary>
public sealed partial class IndexModel(LoanStore loans, TimeProvider clock) : PartnershipPageModel, ISortedList
{
    /// <summary>The board's columns, in lifecycle order.</summary>
    public static readonly IReadOnlyList<LoanState> Columns = [LoanState.Requested, LoanState.Approved, LoanState.Shipped, LoanState.InUse, LoanState.ReturnDue];

    [BindProperty] public int? RentCreditPercent { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public LoanSort Sort { get; set; }
    [BindProperty(SupportsGet = true)] public SortDirection Dir { get; set; } = SortDirection.Desc;

    public string SortKey => Sort.ToString();

    public bool Searched => !string.IsNullOrWhiteSpace(Q);

    private LoanListFilter Filter => new(Q, Sort, Dir == SortDirection.Desc);

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

    /// <summary>The open loans and the closed ones the search finds, in the page's order, every page of them.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var open = await loans.ListOpenAsync(Scope, PartnershipId, Q, cancellationToken);
        var closed = await loans.GetClosedPageAsync(Scope, PartnershipId, Filter, 1, CsvDownload.MaxRows, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return await CsvDownload.FileAsync(Response, open.Concat(closed.Items).Select(l => new CsvRow(l.Reference, l.EquipmentName, l.EquipmentModel, l.EquipmentSerial,
            l.Purpose, LoanRules.Label(l.State), l.IsOverdueOn(today), l.StartsOn, l.EndsOn, l.ClosedAt?.UtcDateTime)), CsvDownload.Name(Partnership.Code, "loans"), cancellationToken);
    }

    [CsvRecord]
    internal sealed partial record CsvRow(string Number, string Equipment, string Model, string Serial, string Purpose, string State, bool Overdue, DateOnly Starts,
        DateOnly Ends, DateTime? ClosedUtc);

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        OpenLoans = await loans.ListOpenAsync(Scope, PartnershipId, Q, cancellationToken);
        ClosedLoans = await loans.GetClosedPageAsync(Scope, PartnershipId, Filter, PageNumber, cancellationToken: cancellationToken);
        if (await loans.GetRentCreditPercentAsync(Scope, PartnershipId, cancellationToken) is not { } percent)
        {
            return false;
        }
        CurrentRentCreditPercent = percent;
        return true;
    }
}
