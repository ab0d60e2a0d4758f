using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Pages.Portfolio;

/// <summary>
/// The partnerships the caller may see with both sides' latest scores, trend, a year's sparkline and open alerts, the
/// worst first, a page at a time: the page an account lead opens on Monday. Filter, sort and page are the store's SQL;
/// the query string is read by <see cref="PortfolioFilter"/>. Supplier admins and account leads only; the folder's
/// policy keeps customers out before this model runs.
/// </summary>
public sealed class IndexModel(CallerContext caller, PortfolioStore portfolio, IBackgroundJobClient jobs, TimeProvider clock) : PortalPageModel
{
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Side { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Alerts { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? PageNumber { get; set; }

    public PortfolioFilter Filter { get; private set; } = PortfolioFilter.Parse(null, null, null, null, null, null);

    public Page<PortfolioRow> Rows { get; private set; } = new([], 1, PortfolioStore.PageSize, 0);

    /// <summary>How many partnerships the caller sees in all.</summary>
    public int Visible { get; private set; }

    public bool CanRunNow { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        if (!MaySee(scope))
        {
            return Forbid();
        }
        CanRunNow = scope.IsAdmin;
        Visible = scope.PartnershipIds.Count;
        Filter = PortfolioFilter.Parse(State, Side, Q, Alerts, Sort, PageNumber);
        if (Filter.Errors.Count > 0)
        {
            foreach (var error in Filter.Errors)
            {
                ModelState.AddModelError("", error);
            }
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        Rows = await portfolio.GetPageAsync(scope, Filter.Query, Filter.PageNumber, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        return Page();
    }

    /// <summary>Admins queue the scorecard job now (each partnership's catch-up is idempotent, so a double click does no harm).</summary>
    public async Task<IActionResult> OnPostRunNowAsync(CancellationToken cancellationToken)
    {
        if (!(await caller.RequireAsync(cancellationToken)).IsAdmin)
        {
            return Forbid();
        }
        jobs.Enqueue<ScorecardJob>(j => j.RunAsync(CancellationToken.None));
        return Done("Scorecards queued for every partnership. Reload in a moment to see new months.", RedirectToPage());
    }

    /// <summary>This list in another order, from its first page.</summary>
    public string? SortedBy(PortfolioSort sort) => Url.Page("/Portfolio/Index", new
    {
        state = Filter.Query.State == PortfolioState.All ? null : PortfolioFilter.Key(PortfolioFilter.States, Filter.Query.State),
        side = Filter.Query.Side == PortfolioSide.Either ? null : PortfolioFilter.Key(PortfolioFilter.Sides, Filter.Query.Side),
        q = Filter.Query.Search,
        alerts = Filter.Query.OpenAlertsOnly ? "true" : null,
        sort = sort == PortfolioSort.Worst ? null : PortfolioFilter.Key(PortfolioFilter.Sorts, sort),
    });

    public string? AriaSort(PortfolioSort sort) => Filter.Query.Sort == sort ? "ascending" : null;

    public static string Sparkline(PortfolioRow row) => JsonSerializer.Serialize(row.Series.Select(s => s.SupplierScore));

    public static bool MaySee(CallerScope scope) => scope.Kind == ActorKind.User && scope.May(Permission.ManageScorecards);
}
