using Portal.Data.Credit;

namespace Portal.Data.Tests.Credit;

public sealed class CreditRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    private static CreditLine Line(long limit = 100_000, bool countOpenOrders = false) => new()
    {
        LimitMinor = limit, Currency = "EUR", PaymentTermsDays = 30, CountOpenOrders = countOpenOrders, UpdatedByName = "test",
    };

    private static CreditInvoice Invoice(long id, long amount, DateOnly due, string currency = "EUR", params CreditPayment[] payments) => new()
    {
        Id = id, Number = $"F-{id}", IssuedOn = due.AddDays(-30), DueOn = due, AmountMinor = amount, Currency = currency, Payments = payments,
    };

    private static CreditArrangement Arrangement(long id, CreditArrangementKind kind, DateOnly starts, DateOnly ends, CreditArrangementState state = CreditArrangementState.Approved,
        long? extension = null, int? days = null, DateOnly? to = null, params long[] invoices) => new()
    {
        Id = id, Kind = kind, StartsOn = starts, EndsOn = ends, State = state, ExtensionMinor = extension, DeferralDays = days, DeferredTo = to,
        Currency = "EUR", Reason = "r", RequestedByName = "x", RequestedByUserId = 7, InvoiceIds = invoices,
    };

    [Fact]
    public void Exposure_is_invoiced_minus_payments_made_so_far_including_partial_ones()
    {
        var invoices = new[]
        {
            Invoice(1, 50_000, Today.AddDays(10), "EUR", new CreditPayment(Today.AddDays(-5), 20_000, "EUR"), new CreditPayment(Today.AddDays(-1), 5_000, "EUR")),
            Invoice(2, 30_000, Today.AddDays(-3), "EUR", new CreditPayment(Today.AddDays(-2), 30_000, "EUR")),
            // A payment made after the day asked about does not count yet; an overpayment never makes exposure negative.
            Invoice(3, 10_000, Today.AddDays(5), "EUR", new CreditPayment(Today.AddDays(1), 10_000, "EUR")),
            Invoice(4, 10_000, Today.AddDays(5), "EUR", new CreditPayment(Today.AddDays(-1), 12_000, "EUR")),
        };

        var position = CreditReference.Position(Line(), invoices, [], [], Today);

        Assert.Equal(25_000 + 10_000, position.ExposureMinor);
        Assert.Equal(100_000 - 35_000, position.AvailableMinor);
        Assert.Equal(35.0m, position.UtilisationPercent);
        Assert.Equal([1L, 3L], position.OpenInvoices.Select(i => i.Id).Order());
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 6 * 1_000)]
    public void Open_orders_count_undelivered_quantity_at_unit_price_only_when_the_line_says_so(bool countOpenOrders, long expected)
    {
        var orders = new[]
        {
            new CreditOrderLine { Id = 1, OrderedOn = Today.AddDays(-20), Quantity = 10, UnitPriceMinor = 1_000, Currency = "EUR", Deliveries = [(Today.AddDays(-5), 4L)] },
            new CreditOrderLine { Id = 2, OrderedOn = Today.AddDays(-20), Quantity = 3, UnitPriceMinor = 1_000, Currency = "EUR", Deliveries = [(Today.AddDays(-5), 3L)] },
            new CreditOrderLine { Id = 3, OrderedOn = Today.AddDays(2), Quantity = 3, UnitPriceMinor = 1_000, Currency = "EUR" },
        };

        var position = CreditReference.Position(Line(countOpenOrders: countOpenOrders), [], orders, [], Today);

        Assert.Equal(expected, position.OpenOrderExposureMinor);
        Assert.Equal(expected, position.ExposureMinor);
    }

    [Theory]
    [InlineData(0, AgingBucket.Current)]
    [InlineData(-10, AgingBucket.Current)]
    [InlineData(1, AgingBucket.Days1To30)]
    [InlineData(30, AgingBucket.Days1To30)]
    [InlineData(31, AgingBucket.Days31To60)]
    [InlineData(60, AgingBucket.Days31To60)]
    [InlineData(61, AgingBucket.Days61To90)]
    [InlineData(90, AgingBucket.Days61To90)]
    [InlineData(91, AgingBucket.Over90)]
    public void Aging_buckets_have_inclusive_upper_bounds(int daysPastDue, AgingBucket expected) =>
        Assert.Equal(expected, CreditRules.BucketFor(daysPastDue));

    [Fact]
    public void Overdue_and_aging_sum_what_is_open_past_its_due_date()
    {
        var invoices = new[] { Invoice(1, 1_000, Today), Invoice(2, 2_000, Today.AddDays(-1)), Invoice(3, 4_000, Today.AddDays(-45)), Invoice(4, 8_000, Today.AddDays(-120)) };

        var position = CreditReference.Position(Line(), invoices, [], [], Today);

        Assert.Equal(14_000, position.OverdueMinor);
        Assert.Equal([1_000L, 2_000, 4_000, 0, 8_000], Enum.GetValues<AgingBucket>().Select(b => position.Aging[b]));
    }

    [Theory]
    [InlineData(-1, 100_000)] // before the start
    [InlineData(0, 150_000)]  // the first day counts
    [InlineData(10, 150_000)] // the last day counts
    [InlineData(11, 100_000)] // over
    public void An_approved_extension_lifts_the_limit_only_for_its_duration(int daysFromStart, long expected)
    {
        var start = new DateOnly(2026, 3, 1);
        var extension = Arrangement(1, CreditArrangementKind.TemporaryExtension, start, start.AddDays(10), extension: 50_000);
        Assert.Equal(expected, CreditRules.EffectiveLimit(100_000, "EUR", [extension], start.AddDays(daysFromStart)));
    }

    [Theory]
    [InlineData(CreditArrangementState.Requested)]
    [InlineData(CreditArrangementState.Declined)]
    [InlineData(CreditArrangementState.Withdrawn)]
    public void Only_approved_extensions_count(CreditArrangementState state) =>
        Assert.Equal(100_000, CreditRules.EffectiveLimit(100_000, "EUR", [Arrangement(1, CreditArrangementKind.TemporaryExtension, Today.AddDays(-1), Today.AddDays(1), state, extension: 9_000)], Today));

    [Fact]
    public void An_extension_in_another_currency_than_the_line_adds_nothing()
    {
        var extension = Arrangement(1, CreditArrangementKind.TemporaryExtension, Today.AddDays(-1), Today.AddDays(1), extension: 9_000);
        Assert.Equal(109_000, CreditRules.EffectiveLimit(100_000, "EUR", [extension], Today));
        Assert.Equal(100_000, CreditRules.EffectiveLimit(100_000, "USD", [extension], Today));
    }

    [Fact]
    public void A_deferral_moves_its_invoices_due_dates_only_while_it_runs()
    {
        var late = Invoice(1, 10_000, Today.AddDays(-10));
        var other = Invoice(2, 5_000, Today.AddDays(-10));
        var deferral = Arrangement(1, CreditArrangementKind.HardshipDeferral, Today.AddDays(-2), Today.AddDays(20), days: 30, invoices: 1);

        var during = CreditReference.Position(Line(), [late, other], [], [deferral], Today);
        var after = CreditReference.Position(Line(), [late, other], [], [deferral], Today.AddDays(21));

        Assert.Equal(Today.AddDays(20), during.OpenInvoices.Single(i => i.Id == 1).EffectiveDueOn);
        Assert.True(during.OpenInvoices.Single(i => i.Id == 1).Deferred);
        Assert.Equal(5_000, during.OverdueMinor);
        Assert.Equal(late.DueOn, after.OpenInvoices.Single(i => i.Id == 1).EffectiveDueOn);
        Assert.Equal(15_000, after.OverdueMinor);
        Assert.Equal(AgingBucket.Days31To60, after.OpenInvoices.Single(i => i.Id == 1).Bucket);
    }

    [Fact]
    public void A_deferral_to_a_date_and_a_pending_deferral()
    {
        var invoice = Invoice(1, 10_000, Today.AddDays(-10));
        var toDate = Arrangement(1, CreditArrangementKind.HardshipDeferral, Today.AddDays(-1), Today.AddDays(30), to: Today.AddDays(25), invoices: 1);
        var pending = Arrangement(2, CreditArrangementKind.HardshipDeferral, Today.AddDays(-1), Today.AddDays(30), CreditArrangementState.Requested, days: 60, invoices: 1);

        Assert.Equal(Today.AddDays(25), CreditRules.EffectiveDueOn(invoice.Id, invoice.DueOn, [toDate, pending], Today));
        Assert.Equal(invoice.DueOn, CreditRules.EffectiveDueOn(invoice.Id, invoice.DueOn, [pending], Today));
    }

    [Fact]
    public void Invoices_in_another_currency_are_left_out_with_a_warning()
    {
        var position = CreditReference.Position(Line(), [Invoice(1, 10_000, Today), Invoice(2, 99_000, Today, "USD")], [], [], Today);

        Assert.Equal(10_000, position.ExposureMinor);
        Assert.Contains(position.Warnings, w => w.Contains("USD") && w.Contains("F-2"));
    }

    [Fact]
    public void A_request_in_another_currency_is_refused()
    {
        var errors = CreditRules.Validate(new NewCreditArrangement(CreditArrangementKind.TemporaryExtension, "Season", Today, Today.AddDays(30), "USD", ExtensionMinor: 1_000), "EUR", []);
        Assert.Contains("another currency", errors["Currency"]);
    }

    [Fact]
    public void A_request_needs_a_reason_an_end_after_the_start_an_amount_and_for_a_deferral_invoices()
    {
        var extension = CreditRules.Validate(new NewCreditArrangement(CreditArrangementKind.TemporaryExtension, " ", Today, Today, "EUR", ExtensionMinor: 0), "EUR", []);
        var deferral = CreditRules.Validate(new NewCreditArrangement(CreditArrangementKind.HardshipDeferral, "Flood", Today, Today.AddDays(5), "EUR", DeferralDays: 10, InvoiceIds: []), "EUR", [1]);
        var foreignInvoice = CreditRules.Validate(new NewCreditArrangement(CreditArrangementKind.HardshipDeferral, "Flood", Today, Today.AddDays(5), "EUR", DeferralDays: 10, InvoiceIds: [99]), "EUR", [1]);
        var valid = CreditRules.Validate(new NewCreditArrangement(CreditArrangementKind.HardshipDeferral, "Flood", Today, Today.AddDays(5), "eur", DeferralDays: 10, InvoiceIds: [1]), "EUR", [1]);

        Assert.Equal(["EndsOn", "ExtensionMinor", "Reason"], extension.Keys.Order());
        Assert.Equal(["InvoiceIds"], deferral.Keys);
        Assert.Contains("Only open invoices", foreignInvoice["InvoiceIds"]);
        Assert.Empty(valid);
    }

    [Fact]
    public void The_requester_cannot_decide_their_own_request()
    {
        var request = Arrangement(1, CreditArrangementKind.TemporaryExtension, Today, Today.AddDays(5), CreditArrangementState.Requested, extension: 1);
        Assert.Contains("Four-eyes", CreditRules.WhyCannotDecide(request, 7));
        Assert.Null(CreditRules.WhyCannotDecide(request, 8));
        Assert.Contains("already approved", CreditRules.WhyCannotDecide(request with { State = CreditArrangementState.Approved }, 8));
    }

    [Fact]
    public void Only_the_requester_withdraws_and_only_before_a_decision()
    {
        var request = Arrangement(1, CreditArrangementKind.TemporaryExtension, Today, Today.AddDays(5), CreditArrangementState.Requested, extension: 1);
        Assert.Null(CreditRules.WhyCannotWithdraw(request, 7));
        Assert.Contains("Only the person who asked", CreditRules.WhyCannotWithdraw(request, 8));
        Assert.Contains("Only the person who asked", CreditRules.WhyCannotWithdraw(request, null));
        Assert.Contains("already declined", CreditRules.WhyCannotWithdraw(request with { State = CreditArrangementState.Declined }, 7));
    }

    [Fact]
    public void The_series_shows_month_end_exposure_and_the_limit_in_force_that_day()
    {
        var invoices = new[] { Invoice(1, 10_000, new DateOnly(2026, 2, 20), "EUR", new CreditPayment(new DateOnly(2026, 3, 2), 10_000, "EUR")) };
        var extension = Arrangement(1, CreditArrangementKind.TemporaryExtension, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), extension: 5_000);

        var series = CreditReference.MonthlySeries(Line(), invoices, [], [extension], Today);

        Assert.Equal(12, series.Count);
        Assert.Equal(new CreditSeriesPoint(new DateOnly(2026, 1, 31), 10_000, 100_000), series[^3]);
        Assert.Equal(new CreditSeriesPoint(new DateOnly(2026, 2, 28), 10_000, 105_000), series[^2]);
        Assert.Equal(new CreditSeriesPoint(Today, 0, 100_000), series[^1]);
        Assert.Equal(new DateOnly(2025, 4, 30), series[0].On);
    }

    [Theory]
    [InlineData(79.9, "")]
    [InlineData(80, "utilisation-80")]
    [InlineData(100, "utilisation-80,utilisation-100")]
    public void Utilisation_alerts_at_80_and_100_percent(double utilisation, string expected)
    {
        var position = new CreditPosition { Currency = "EUR", UtilisationPercent = (decimal)utilisation };
        Assert.Equal(expected, string.Join(",", CreditRules.AlertKeys(position, [], Today)));
    }

    [Theory]
    [InlineData(8, "")]
    [InlineData(7, "extension-ending-5")]
    [InlineData(0, "extension-ending-5")]
    public void An_extension_alerts_seven_days_before_it_ends(int daysLeft, string expected)
    {
        var extension = Arrangement(5, CreditArrangementKind.TemporaryExtension, Today.AddDays(-30), Today.AddDays(daysLeft), extension: 1_000);
        Assert.Equal(expected, string.Join(",", CreditRules.AlertKeys(new CreditPosition { Currency = "EUR" }, [extension], Today)));
    }

    [Fact]
    public void A_pending_extension_shows_utilisation_on_its_first_day_without_and_with_it_and_what_it_overlaps()
    {
        var position = new CreditPosition { Currency = "EUR", AsOf = Today, LimitMinor = 100_000, EffectiveLimitMinor = 100_000, InvoiceExposureMinor = 90_000 };
        var running = Arrangement(1, CreditArrangementKind.TemporaryExtension, Today.AddDays(-10), Today.AddDays(20), extension: 50_000);
        var request = Arrangement(2, CreditArrangementKind.TemporaryExtension, Today.AddDays(10), Today.AddDays(40), CreditArrangementState.Requested, extension: 30_000);
        var rival = Arrangement(3, CreditArrangementKind.TemporaryExtension, Today.AddDays(40), Today.AddDays(60), CreditArrangementState.Requested, extension: 10_000);
        var later = Arrangement(4, CreditArrangementKind.TemporaryExtension, Today.AddDays(41), Today.AddDays(60), CreditArrangementState.Requested, extension: 10_000);
        var declined = Arrangement(5, CreditArrangementKind.TemporaryExtension, Today, Today.AddDays(60), CreditArrangementState.Declined, extension: 10_000);

        var assessed = CreditRules.Assess(Line(), position, [running, request, rival, later, declined], request, Today);

        // On its first day the running extension still counts: 90k of 150k, then of 180k.
        Assert.Equal((60.0m, 50.0m), (assessed.UtilisationBefore, assessed.UtilisationAfter));
        Assert.Equal([1L, 3L], assessed.Overlaps.Select(a => a.Id));
    }

    [Fact]
    public void A_pending_deferral_leaves_utilisation_alone_and_overlaps_only_on_a_shared_invoice()
    {
        var position = new CreditPosition { Currency = "EUR", AsOf = Today, LimitMinor = 100_000, EffectiveLimitMinor = 100_000, InvoiceExposureMinor = 80_000 };
        var request = Arrangement(1, CreditArrangementKind.HardshipDeferral, Today, Today.AddDays(30), CreditArrangementState.Requested, days: 30, invoices: [10, 11]);
        var shared = Arrangement(2, CreditArrangementKind.HardshipDeferral, Today, Today.AddDays(30), CreditArrangementState.Requested, days: 30, invoices: [11]);
        var other = Arrangement(3, CreditArrangementKind.HardshipDeferral, Today, Today.AddDays(30), CreditArrangementState.Requested, days: 30, invoices: [12]);

        var assessed = CreditRules.Assess(Line(), position, [request, shared, other], request, Today);

        Assert.Equal((80.0m, 80.0m), (assessed.UtilisationBefore, assessed.UtilisationAfter));
        Assert.Equal([2L], assessed.Overlaps.Select(a => a.Id));
    }
}
