using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Credit;
using Portal.Data.Database;

namespace Portal.Web.Pages.Credit;

/// <summary>
/// The partnership's credit: the position today, aging, a 12-month chart, the arrangements and the forms to ask for
/// one, to decide one (supplier Finance) and to set the line (Finance or an admin). Both sides see all of it.
/// </summary>
public sealed class IndexModel(CreditStore credit) : PartnershipPageModel
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

    /// <summary>Which request form stays open to show its errors.</summary>
    public string? OpenForm { get; private set; }

    public bool CanSetLine => CreditRules.MaySetLine(Scope.IsSupplier, Scope.Role);
    public bool CanRequest => CreditRules.MayRequest(Scope.IsSupplier, Scope.Role);
    public bool CanDecide => CreditRules.MayDecide(Scope.IsSupplier, Scope.Role);

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
            Line = new CreditLineForm { Limit = MoneyText.FromMinor(line.LimitMinor), Currency = line.Currency, PaymentTermsDays = line.PaymentTermsDays, CountOpenOrders = line.CountOpenOrders };
        }
        else
        {
            Line = new CreditLineForm { Currency = Partnership.Currency };
        }
        var today = credit.Today;
        Extension = new ExtensionForm { StartsOn = today, EndsOn = today.AddMonths(1) };
        Deferral = new DeferralForm { StartsOn = today, EndsOn = today.AddMonths(1), DeferralDays = 30 };
    }

    public async Task<IActionResult> OnPostLineAsync(CancellationToken cancellationToken)
    {
        if (!CanSetLine)
        {
            return Forbid();
        }
        if (string.IsNullOrWhiteSpace(Line.Limit) || !MoneyText.IsWellFormed(Line.Limit))
        {
            ModelState.AddModelError("Line.Limit", "Enter the limit as an amount with at most two decimals, e.g. 250000.00.");
        }
        if (Line.PaymentTermsDays is null)
        {
            ModelState.AddModelError("Line.PaymentTermsDays", "Enter the payment terms in days.");
        }
        return await ActAsync(() => credit.SetLineAsync(Scope, PartnershipId, Line.ToInput(), cancellationToken), "Credit line saved.", "Line",
            new() { ["LimitMinor"] = "Limit" }, cancellationToken);
    }

    public async Task<IActionResult> OnPostExtensionAsync(CancellationToken cancellationToken)
    {
        if (!CanRequest)
        {
            return Forbid();
        }
        OpenForm = "extension";
        if (!MoneyText.IsWellFormed(Extension.Amount))
        {
            ModelState.AddModelError("Extension.Amount", "Enter the amount with at most two decimals, e.g. 50000.00.");
        }
        return await ActAsync(() => credit.RequestAsync(Scope, PartnershipId, Extension.ToInput(), cancellationToken),
            "Extension requested. Finance has been told.", "Extension", new() { ["ExtensionMinor"] = "Amount" }, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeferralAsync(CancellationToken cancellationToken)
    {
        if (!CanRequest)
        {
            return Forbid();
        }
        OpenForm = "deferral";
        return await ActAsync(() => credit.RequestAsync(Scope, PartnershipId, Deferral.ToInput(), cancellationToken),
            "Deferral requested. Finance has been told.", "Deferral", [], cancellationToken);
    }

    public async Task<IActionResult> OnPostApproveAsync(long arrangementId, CancellationToken cancellationToken)
    {
        if (!CanDecide)
        {
            return Forbid();
        }
        return await ActAsync(() => credit.ApproveAsync(Scope, PartnershipId, arrangementId, DecisionNote, cancellationToken), "Request approved.", "", [], cancellationToken);
    }

    public async Task<IActionResult> OnPostDeclineAsync(long arrangementId, CancellationToken cancellationToken)
    {
        if (!CanDecide)
        {
            return Forbid();
        }
        return await ActAsync(() => credit.DeclineAsync(Scope, PartnershipId, arrangementId, DecisionNote, cancellationToken), "Request declined.", "", [], cancellationToken);
    }

    /// <summary>Anyone may try; the store lets only the requester withdraw, and only an undecided request.</summary>
    public Task<IActionResult> OnPostWithdrawAsync(long arrangementId, CancellationToken cancellationToken) =>
        ActAsync(() => credit.WithdrawAsync(Scope, PartnershipId, arrangementId, cancellationToken), "Request withdrawn.", "", [], cancellationToken);

    private async Task<IActionResult> ActAsync<T>(Func<Task<T?>> act, string status, string prefix, Dictionary<string, string> fieldNames, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            try
            {
                if (await act() is null)
                {
                    return NotFound();
                }
                TempData["Status"] = status;
                return Redirect($"/p/{PartnershipId}/credit");
            }
            catch (ValidationException e)
            {
                foreach (var (field, message) in e.Errors)
                {
                    var name = fieldNames.GetValueOrDefault(field, field);
                    ModelState.AddModelError(prefix.Length == 0 ? name : $"{prefix}.{name}", message);
                }
            }
            catch (ScopeException)
            {
                return Forbid();
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Overview = await credit.GetOverviewAsync(Scope, PartnershipId, cancellationToken);
        CurrentLine = Overview?.Line;
        if (Overview is not null)
        {
            OpenInvoices = await credit.GetOpenInvoicesAsync(Scope, PartnershipId, Invoice, PageNumber, cancellationToken) ?? OpenInvoices;
        }
    }
}
