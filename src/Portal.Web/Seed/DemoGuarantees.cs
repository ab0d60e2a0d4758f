using Portal.Data.Changes;
using Portal.Data.Audit;
using Portal.Data.ChangeFeed;
using Portal.Data.Database;
using Portal.Data.Guarantees;
using Portal.Data.Notifications;
using Portal.Data.Quality;
using Portal.Data.Tenancy;
using Portal.Web.Jobs;

namespace Portal.Web.Seed;

/// <summary>
/// Guarantees judged by the real evaluation on the seeded ERP history. Nordlab has a monthly on-time-in-full guarantee
/// from the month before its history starts (so that month has no data) and a quarterly ppm guarantee; Arcadia has a
/// quarterly on-time-in-full guarantee. The history is random (fixed seed) and relative to today, so which months fall
/// short moves with the date: the monthly target is set at the middle of the months' measured values, which makes the
/// demo show met and missed months (and a credit) on any day it is started.
/// </summary>
public sealed class DemoGuarantees(PortalDatabase database, ScopeStore scopes, TimeProvider clock)
{
    public async Task SeedAsync(long partnershipId, DemoData.DemoCustomer customer, long supplierLeadId, CancellationToken cancellationToken)
    {
        var lead = await scopes.ForUserAsync(supplierLeadId, cancellationToken) ?? throw new InvalidOperationException("No account lead scope.");
        var changes = ChangeRecorder.On(database, clock);
        var store = new GuaranteeStore(database, changes, clock);
        var metrics = new GuaranteeMetricsStore(database, new QualityMetricsStore(database));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var historyStarts = today.AddMonths(-12);
        if (customer == DemoData.Nordlab)
        {
            var from = new DateOnly(historyStarts.Year, historyStarts.Month, 1).AddMonths(-1);
            var target = await MiddleMonthAsync(metrics, lead, partnershipId, from, today, cancellationToken);
            await store.CreateAsync(lead, partnershipId, new GuaranteeInput
            {
                Metric = GuaranteeMetric.OnTimeInFull, Target = target, Period = GuaranteePeriod.Month, PenaltyKind = PenaltyKind.PercentOfInvoiced,
                PenaltyPercent = 2, CapMinor = 5_000_00, Currency = customer.Currency, EffectiveFrom = from,
            }, cancellationToken);
            await store.CreateAsync(lead, partnershipId, new GuaranteeInput
            {
                Metric = GuaranteeMetric.QualityPpm, Target = 50_000, Period = GuaranteePeriod.Quarter, PenaltyKind = PenaltyKind.FixedAmount,
                PenaltyFixedMinor = 1_000_00, CapMinor = 1_000_00, Currency = customer.Currency, EffectiveFrom = from,
            }, cancellationToken);
        }
        else
        {
            await store.CreateAsync(lead, partnershipId, new GuaranteeInput
            {
                Metric = GuaranteeMetric.OnTimeInFull, Target = 80, Period = GuaranteePeriod.Quarter, PenaltyKind = PenaltyKind.FixedAmount,
                PenaltyFixedMinor = 1_500_00, CapMinor = 1_500_00, Currency = customer.Currency, EffectiveFrom = GuaranteeRules.PeriodStartOf(historyStarts, GuaranteePeriod.Quarter),
            }, cancellationToken);
        }
        var credits = new PenaltyCreditStore(database, changes, clock);
        await new GuaranteeEvaluator(database, metrics, credits, clock)
            .EvaluatePartnershipAsync(CallerScope.ForSystem("Guarantee evaluation", partnershipId), partnershipId, cancellationToken);
    }

    // The median of the closed months' distinct values: at least one month is below it and at least one reaches it.
    private static async Task<decimal> MiddleMonthAsync(GuaranteeMetricsStore metrics, CallerScope scope, long partnershipId, DateOnly from, DateOnly today, CancellationToken cancellationToken)
    {
        var values = new SortedSet<decimal>();
        foreach (var month in GuaranteeRules.ClosedPeriods(GuaranteePeriod.Month, from, null, today))
        {
            if ((await metrics.OnTimeInFullAsync(scope, partnershipId, month.From, month.To, earlyCountsAsOnTime: true, cancellationToken)).Value is { } value)
            {
                values.Add(value);
            }
        }
        return values.Count == 0 ? 90m : values.ElementAt(values.Count / 2);
    }
}
