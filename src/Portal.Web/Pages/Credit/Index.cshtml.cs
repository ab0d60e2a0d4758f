using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Credit;
using Portal.Data.Tenancy;
using Portal.Web.Lists;

namespace Portal.Web.Pages.Credit;

/// <summary>
/// The partnership's credit: the position today, aging, a 12-month chart, the arrangements and the forms to ask for
/// one, to decide one (supplier Finance) and to set the line (Finance or an admin). Both sides see all of it.
/// </summary>
public sealed partial class IndexModel(CreditStore credit) : PartnershipPageModel
{
    [BindProperty] public CreditLineForm Line { get; set; } = new();
    [BindProperty] public ExtensionForm Extension { get; set; } = new();
    [BindProperty] public DeferralForm Deferral { get; set; } = new();
    [BindProperty] public string? DecisionNote { get; set; }

    /// <summary>The open-invoice list's page and number filter; the deferral form offers the same page.</summary>
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Invoice { get; set; }

    public CreditLine? CurrentLine { get; private set; }
    public CreditOverview? Overview { get; private set; }
    public Page<OpenInvoice> OpenInvoices { get; private set; } = new([], 1, CreditStore.OpenInvoicesPageSize, 0);

    /// <summary>For Finance: the requests waiting for a decision, oldest first, each weighed by <see cref="CreditRules.Assess"/>.</summary>
    public IReadOnlyList<PendingDecision> Pending { get; private set; } = [];

    /// <summary>The request whose decision was just refused (a decline without a note): its error shows beside its form.</summary>
    public long? RefusedDecision => Posted?.Argument<long>("Decline", "arrangementId") ?? Posted?.Argument<long>("Approve", "arrangementId");

    /// <summary>Which request form stays open to show its errors.</summary>
    public string? OpenForm => Posted?.Handler is "Extension" or "Deferral" ? Posted.Handler.ToLowerInvariant() : null;

    public bool CanSetLine => Scope.May(Permission.SetCreditLine);
    public bool CanRequest => Scope.May(Permission.RequestCredit);
    public bool CanDecide => Scope.May(Permission.DecideCredit);

    /// <summary>The chart's data for wwwroot/js/credit-chart.js, in major units (the chart only draws; the table beside it is exact).</summary>
    public string ChartJson => Overview is not { } o ? "{}" : JsonSerializer.Serialize(new
    {
        currency = o.Line.Currency,
        labels = o.Series.Select(p => p.On.ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)),
        exposure = o.Series.Select(p => p.ExposureMinor / 100m),
        limit = o.Series.Select(p => p.EffectiveLimitMinor / 100m),
    });

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (CurrentLine is { } line)
        {
            Line = new CreditLineForm { Limit = new MoneyAmount(line.LimitMinor), Currency = line.Currency, PaymentTermsDays = line.PaymentTermsDays, CountOpenOrders = line.CountOpenOrders };
        }
        else
        {
            Line = new CreditLineForm { Currency = Partnership.Currency };
        }
        var today = credit.Today;
        Extension = new ExtensionForm { StartsOn = today, EndsOn = today.AddMonths(1) };
        Deferral = new DeferralForm { StartsOn = today, EndsOn = today.AddMonths(1), DeferralDays = 30 };
    }

    [Form(nameof(Line), "LimitMinor=Line.Limit")]
    public async Task<IActionResult> OnPostLineAsync(CancellationToken cancellationToken) =>
        await ActAsync(credit.SetLineAsync(Scope, PartnershipId, Line.ToInput(), cancellationToken), "Credit line saved.");

    [Form(nameof(Extension), "ExtensionMinor=Extension.Amount")]
    public async Task<IActionResult> OnPostExtensionAsync(CancellationToken cancellationToken) =>
        await ActAsync(credit.RequestAsync(Scope, PartnershipId, Extension.ToInput(), cancellationToken), "Extension requested. Finance has been told.");

    [Form(nameof(Deferral))]
    public async Task<IActionResult> OnPostDeferralAsync(CancellationToken cancellationToken) =>
        await ActAsync(credit.RequestAsync(Scope, PartnershipId, Deferral.ToInput(), cancellationToken), "Deferral requested. Finance has been told.");

    public async Task<IActionResult> OnPostApproveAsync(long arrangementId, CancellationToken cancellationToken) =>
        await ActAsync(credit.ApproveAsync(Scope, PartnershipId, arrangementId, DecisionNote, cancellationToken), "Request approved.");

    public async Task<IActionResult> OnPostDeclineAsync(long arrangementId, CancellationToken cancellationToken) =>
        await ActAsync(credit.DeclineAsync(Scope, PartnershipId, arrangementId, DecisionNote, cancellationToken), "Request declined.");

    /// <summary>Anyone may try; the store lets only the requester withdraw, and only an undecided request.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(long arrangementId, CancellationToken cancellationToken) =>
        await ActAsync(credit.WithdrawAsync(Scope, PartnershipId, arrangementId, cancellationToken), "Request withdrawn.");

    /// <summary>Every open invoice the number filter selects, in the list's order (by due date).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var line = await credit.GetLineAsync(Scope, PartnershipId, cancellationToken);
        var all = await credit.GetOpenInvoicesAsync(Scope, PartnershipId, Invoice, 1, CsvDownload.MaxRows, cancellationToken);
        if (line is null || all is null)
        {
            return NotFound();
        }
        return await CsvDownload.FileAsync(Response, all.Items.Select(i => new OpenInvoiceCsvRow(i.Number, i.IssuedOn, i.DueOn, i.EffectiveDueOn, i.AmountMinor / 100m,
            i.OutstandingMinor / 100m, line.Currency, i.DaysPastDue)), CsvDownload.Name(Partnership.Code, "open-invoices"), cancellationToken);
    }

    [CsvRecord]
    internal sealed partial record OpenInvoiceCsvRow(string Invoice, DateOnly IssuedOn, DateOnly DueOn, DateOnly DueOnInForce, decimal Amount, decimal Outstanding,
        string Currency, int DaysPastDue);

    public override async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult> ActAsync<T>(Task<T?> act, string status) =>
        await act is null ? NotFound() : Done(status, Redirect($"/p/{PartnershipId}/credit"));

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Overview = await credit.GetOverviewAsync(Scope, PartnershipId, cancellationToken);
        CurrentLine = Overview?.Line;
        if (Overview is { } overview)
        {
            OpenInvoices = await credit.GetOpenInvoicesAsync(Scope, PartnershipId, Invoice, PageNumber, cancellationToken: cancellationToken) ?? OpenInvoices;
            Pending = CanDecide
                ? [.. overview.Arrangements.Where(a => a.State == CreditArrangementState.Requested).OrderBy(a => a.RequestedAt)
                    .Select(a => CreditRules.Assess(overview.Line, overview.Position, overview.Arrangements, a, overview.Position.AsOf))]
                : [];
        }
    }
}
