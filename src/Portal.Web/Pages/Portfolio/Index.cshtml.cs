using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Scorecards;
using Portal.Data.Tenancy;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Pages.Portfolio;

/// <summary>
/// Every partnership the caller may see with both sides' latest scores, trend, a year's sparkline and open alerts, the
/// worst first: the page an account lead opens on Monday. Supplier admins and account leads only; the folder's policy
/// keeps customers out before this model runs.
/// </summary>
public sealed class IndexModel(CallerContext caller, ScorecardStore scorecards, IBackgroundJobClient jobs, TimeProvider clock) : PortalPageModel
{
    public enum SortBy
    {
        Worst,
        Name,
        Supplier,
        Customer,
        Alerts,
    }

    [BindProperty(SupportsGet = true)] public SortBy Sort { get; set; }

    /// <summary>Only partnerships with a side in this state (Red, Amber, Green), or with open alerts ("alerts").</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }

    public IReadOnlyList<PortfolioRow> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public bool CanRunNow { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await caller.RequireAsync(cancellationToken);
        if (!MaySee(scope))
        {
            return Forbid();
        }
        CanRunNow = scope.IsAdmin;
        var all = await scorecards.GetPortfolioAsync(scope, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        Total = all.Count;
        Rows = Order(all.Where(Matches)).ToList();
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

    public static string Sparkline(PortfolioRow row) => JsonSerializer.Serialize(row.Series.Select(s => s.SupplierScore));

    public static bool MaySee(CallerScope scope) => scope.Kind == ActorKind.User && scope.May(Permission.ManageScorecards);

    private bool Matches(PortfolioRow row) => Show switch
    {
        null or "" => true,
        "alerts" => row.OpenAlerts.Count > 0,
        var state => row.Latest is { } l && (l.SupplierState.ToString() == state || l.CustomerState.ToString() == state),
    };

    private IEnumerable<PortfolioRow> Order(IEnumerable<PortfolioRow> rows) => Sort switch
    {
        SortBy.Name => rows.OrderBy(r => r.PartnershipName, StringComparer.CurrentCultureIgnoreCase),
        SortBy.Supplier => rows.OrderBy(r => r.Latest?.SupplierScore ?? decimal.MaxValue),
        SortBy.Customer => rows.OrderBy(r => r.Latest?.CustomerScore ?? decimal.MaxValue),
        SortBy.Alerts => rows.OrderByDescending(r => r.OpenAlerts.Count).ThenBy(r => r.PartnershipName, StringComparer.CurrentCultureIgnoreCase),
        // Red first, then amber, then green, then not graded; within a grade the lower score first.
        _ => rows.OrderBy(r => Rank(r.Latest)).ThenBy(r => Lowest(r.Latest)).ThenBy(r => r.PartnershipName, StringComparer.CurrentCultureIgnoreCase),
    };

    private static int Rank(ScorecardSnapshot? s) => s is null ? 4 : Math.Min(Rank(s.SupplierState), Rank(s.CustomerState));

    private static int Rank(HealthState state) => state switch
    {
        HealthState.Red => 0,
        HealthState.Amber => 1,
        HealthState.Green => 2,
        _ => 3,
    };

    private static decimal Lowest(ScorecardSnapshot? s) => Math.Min(s?.SupplierScore ?? 100, s?.CustomerScore ?? 100);
}
